package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link Krum} ({@code strategy: {name: krum, f: 1, m: 1}}). The client-count
 * condition {@code n > 2f + 2} is checked each round by the strategy.
 *
 * @param f the assumed number of Byzantine clients, {@code >= 0}
 * @param m how many lowest-score clients to average, {@code >= 1} (1 = Krum, more = Multi-Krum)
 */
public record KrumSettings(
        @JsonPropertyDescription(">= 0: assumed Byzantine clients; a score is the sum of squared distances to the"
                + " n - f - 2 nearest generators; needs n > 2f + 2 (f: 1 needs 5 clients; use f: 0 with 4)") int f,
        @JsonPropertyDescription("in [1, n - f]: the m lowest scores are averaged with renormalized base weights;"
                + " m > 1 is Multi-Krum") int m)
        implements StrategySettings {

    /** Validates {@code f} and {@code m}. */
    public KrumSettings {
        if (f < 0) {
            throw new IllegalArgumentException("strategy.f must be >= 0, found " + f);
        }
        if (m < 1) {
            throw new IllegalArgumentException("strategy.m must be >= 1, found " + m);
        }
    }

    /** Krum with {@code f = 1}. */
    public static KrumSettings defaults() {
        return new KrumSettings(1, 1);
    }

    @Override
    public AggregationStrategy create() {
        return new Krum(f, m);
    }
}
