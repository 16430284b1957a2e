package org.fedsynth.fl.strategy;

import org.fedsynth.fl.AggregationStrategy;

/**
 * The typed settings of one aggregation strategy: a record registered under kind {@code strategy}
 * in {@link org.fedsynth.plugin.PluginRegistry}, bound from the config's {@code strategy} section,
 * validated by its canonical constructor, and able to build its strategy.
 */
public interface StrategySettings {

    /** A new strategy with these settings (not yet wrapped by the defense wrapper). */
    AggregationStrategy create();

    /**
     * The rounds {@code 1..n} in which a detecting strategy reports flags without applying them; 0
     * for strategies that do not detect. Run and report code read detection figures after it.
     */
    default int detectionWarmup() {
        return 0;
    }
}
