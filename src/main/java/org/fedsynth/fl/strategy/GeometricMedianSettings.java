package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link GeometricMedian}
 * ({@code strategy: {name: geometric_median, max_iterations: 100, nu: 1.0e-6, ftol: 1.0e-6}}).
 *
 * @param maxIterations the most smoothed Weiszfeld iterations, {@code >= 1}
 * @param nu the smoothing: distances below it count as {@code nu}, {@code > 0}
 * @param ftol stop when the objective improves by less than this fraction of itself, {@code >= 0}
 */
public record GeometricMedianSettings(
        @JsonPropertyDescription(">= 1: the most smoothed Weiszfeld iterations (RFA's paper found 3 enough)") int maxIterations,
        @JsonPropertyDescription("> 0: smoothing; a client closer than nu to the median counts as nu away") double nu,
        @JsonPropertyDescription(">= 0: stop when the objective improves by less than this fraction of itself") double ftol)
        implements StrategySettings {

    /** Validates the fields. */
    public GeometricMedianSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("strategy.max_iterations must be >= 1, found " + maxIterations);
        }
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("strategy.nu must be a positive number, found " + nu);
        }
        if (!(ftol >= 0) || !Double.isFinite(ftol)) {
            throw new IllegalArgumentException("strategy.ftol must be >= 0, found " + ftol);
        }
    }

    /** 100 iterations at most, {@code nu = 1e-6}, {@code ftol = 1e-6} (RFA's reference code). */
    public static GeometricMedianSettings defaults() {
        return new GeometricMedianSettings(100, 1e-6, 1e-6);
    }

    @Override
    public AggregationStrategy create() {
        return new GeometricMedian(this);
    }
}
