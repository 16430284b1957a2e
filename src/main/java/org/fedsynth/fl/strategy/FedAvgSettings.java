package org.fedsynth.fl.strategy;

import org.fedsynth.fl.AggregationStrategy;

/** The settings of {@link FedAvg} ({@code strategy: {name: fedavg}}): it has no keys. */
public record FedAvgSettings() implements StrategySettings {

    /** The only value. */
    public static FedAvgSettings defaults() {
        return new FedAvgSettings();
    }

    @Override
    public AggregationStrategy create() {
        return new FedAvg();
    }
}
