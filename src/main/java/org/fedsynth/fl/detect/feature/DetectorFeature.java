package org.fedsynth.fl.detect.feature;

/**
 * One FedDetect detector feature: a number per client per round, computed from the round's
 * updates and context. Registered under kind {@code feature} in
 * {@link org.fedsynth.plugin.PluginRegistry}; {@code strategy.features} names them. Adding a
 * feature is one class implementing this interface, its test and one registry line.
 */
public interface DetectorFeature {

    /**
     * The feature's value for each client, in update order; an {@link IllegalArgumentException}
     * naming what is missing when the round cannot provide it (a probe, enough clients).
     */
    double[] values(FeatureInput in);

    /**
     * Whether FedDetect's {@code scale_by_share} weighs this feature's ratio by the client's influence on the
     * average: evidence that a small honest site shows for its own few images (what its generator draws, where
     * its update points), not evidence that grows with influence.
     */
    default boolean scaledByShare() {
        return false;
    }

    /**
     * Whether this feature's evidence is about what a client's generator draws ({@code output_deviation},
     * {@code output_deviation_global}), so that it can corroborate a weight-space feature under FedDetect's
     * {@code corroborate} ({@link org.fedsynth.fl.detect.Corroboration}).
     */
    default boolean corroborates() {
        return false;
    }

    /**
     * The value from which this feature's {@code min_ratio} ratio counts on its own under {@code corroborate}:
     * below it, a ratio counts only if an image feature corroborates it. Read only where
     * {@link #needsCorroboration()} is true; the default, infinity, means never on its own.
     */
    default double standsAloneFrom() {
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Whether FedDetect's {@code corroborate} applies to this feature: a resemblance between updates that honest
     * sites of one class mix show too ({@code update_redundancy}), which should flag a client only when what its
     * generator draws deviates as well, or when the resemblance is a near-duplicate ({@link #standsAloneFrom()}).
     */
    default boolean needsCorroboration() {
        return false;
    }
}
