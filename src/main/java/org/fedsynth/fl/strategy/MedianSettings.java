package org.fedsynth.fl.strategy;

import org.fedsynth.fl.AggregationStrategy;

/** The settings of {@link CoordinateMedian} ({@code strategy: {name: median}}): it has no keys. */
public record MedianSettings() implements StrategySettings {

    /** The only value. */
    public static MedianSettings defaults() {
        return new MedianSettings();
    }

    @Override
    public AggregationStrategy create() {
        return new CoordinateMedian();
    }
}
