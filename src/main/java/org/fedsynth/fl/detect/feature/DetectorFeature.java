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
}
