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
     * Whether the feature measures what the client's generator draws (its images against the others'),
     * evidence that FedDetect's {@code scale_by_share} weighs by the client's influence on the average.
     */
    default boolean drawsImages() {
        return false;
    }
}
