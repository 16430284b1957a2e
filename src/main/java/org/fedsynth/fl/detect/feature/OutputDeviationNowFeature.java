package org.fedsynth.fl.detect.feature;

/**
 * {@code output_deviation_now} (not in the paper): {@code output_deviation}'s strongest window, read from this
 * round's map alone, before the blend with the client's remembered maps. The memory that lets a faint,
 * persistent trigger build up ({@code memory}) also delays a strong one: with {@code memory: 0.8} a patch that
 * appears in round 4 reaches the {@code min_ratio} in round 5 on the blended map, in round 4 on this one.
 * Beside {@code output_deviation} it costs nothing: the same probe images, the same maps.
 */
public final class OutputDeviationNowFeature extends ProbeMapFeature {

    /** The feature. */
    public OutputDeviationNowFeature() {
        super("output_deviation_now", true, false);
    }
}
