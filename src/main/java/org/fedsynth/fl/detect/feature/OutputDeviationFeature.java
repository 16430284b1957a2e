package org.fedsynth.fl.detect.feature;

/**
 * {@code output_deviation} (not in the paper): every client's generator draws the same probe batch
 * ({@link org.fedsynth.fl.RoundContext#probe()}) and the feature is the strongest consistent,
 * localized difference of its images from the clients' pixel-wise median ({@link org.fedsynth.fl.detect.OutputDeviation}),
 * after blending each client's map with its remembered one ({@link org.fedsynth.fl.detect.DeviationMemory}):
 * the largest mean over a window of one eighth of the side. It sees patch triggers.
 */
public final class OutputDeviationFeature extends ProbeMapFeature {

    /** The feature. */
    public OutputDeviationFeature() {
        super("output_deviation", false, false);
    }
}
