package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link TrimmedMean} ({@code strategy: {name: trimmed_mean, beta: 0.1}}).
 *
 * @param beta fraction trimmed from each end per coordinate, {@code 0 <= beta < 0.5}
 */
public record TrimmedMeanSettings(
        @JsonPropertyDescription("in [0, 0.5): per coordinate, floor(beta * n) values are dropped at each end, the rest"
                + " averaged unweighted (4 clients need beta >= 0.25 to trim anything)") double beta)
        implements StrategySettings {

    /** Validates {@code beta}. */
    public TrimmedMeanSettings {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("strategy.beta must be in [0, 0.5), found " + beta);
        }
    }

    /** {@code beta = 0.1}. */
    public static TrimmedMeanSettings defaults() {
        return new TrimmedMeanSettings(0.1);
    }

    @Override
    public AggregationStrategy create() {
        return new TrimmedMean(beta);
    }
}
