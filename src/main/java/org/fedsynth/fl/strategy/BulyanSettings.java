package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link Bulyan} ({@code strategy: {name: bulyan, f: 1}}). The client-count
 * condition {@code n >= 4f + 3} is checked each round by the strategy.
 *
 * @param f the assumed number of Byzantine clients, {@code >= 0}
 */
public record BulyanSettings(
        @JsonPropertyDescription(">= 0: assumed Byzantine clients; needs n >= 4f + 3 clients per round (f: 1 needs 7,"
                + " f: 2 needs 11)") int f)
        implements StrategySettings {

    /** Validates {@code f}. */
    public BulyanSettings {
        if (f < 0) {
            throw new IllegalArgumentException("strategy.f must be >= 0, found " + f);
        }
    }

    /** {@code f = 1}. */
    public static BulyanSettings defaults() {
        return new BulyanSettings(1);
    }

    @Override
    public AggregationStrategy create() {
        return new Bulyan(f);
    }
}
