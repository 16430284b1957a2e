package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link Flame} ({@code strategy: {name: flame, lambda: 0.001, space: models}}).
 *
 * @param lambda noise standard deviation as a fraction of the median update norm, {@code >= 0}
 * @param space what the cosine distances compare: {@code models} (the paper) or {@code updates}
 */
public record FlameSettings(
        @JsonPropertyDescription(">= 0: Gaussian noise sd = lambda x the median update norm, added to the aggregate"
                + " (paper: 0.001 for images)") double lambda,
        @JsonPropertyDescription("models | updates: the vectors whose cosine distances HDBSCAN clusters (paper: models)") String space)
        implements StrategySettings {

    /** Validates the fields. */
    public FlameSettings {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("strategy.lambda must be >= 0, found " + lambda);
        }
        space = space == null ? "models" : space;
        if (!space.equals("models") && !space.equals("updates")) {
            throw new IllegalArgumentException("strategy.space must be models or updates, found '" + space + "'");
        }
    }

    /** {@code lambda = 0.001}, cosine distances of the local models. */
    public static FlameSettings defaults() {
        return new FlameSettings(0.001, "models");
    }

    @Override
    public AggregationStrategy create() {
        return new Flame(this);
    }
}
