package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The settings of {@link FoolsGold} ({@code strategy: {name: foolsgold, kappa: 1.0, sketch_dim: 1024}}).
 *
 * @param kappa the confidence of the logit, {@code > 0} (the paper's default 1)
 * @param sketchDim buckets of each client's history sketch, in [16, 65536]
 */
public record FoolsGoldSettings(
        @JsonPropertyDescription("> 0: the logit's confidence, kappa (ln(a / (1 - a)) + 0.5) (paper: 1)") double kappa,
        @JsonPropertyDescription("in [16, 65536]: buckets of each client's update-history count sketch, kept in the"
                + " checkpoint (cosine error about 1/sqrt(sketch_dim))") int sketchDim)
        implements StrategySettings {

    /** Validates the fields. */
    public FoolsGoldSettings {
        if (!(kappa > 0) || !Double.isFinite(kappa)) {
            throw new IllegalArgumentException("strategy.kappa must be a positive number, found " + kappa);
        }
        if (sketchDim < 16 || sketchDim > 65536) {
            throw new IllegalArgumentException("strategy.sketch_dim must be in [16, 65536], found " + sketchDim);
        }
    }

    /** {@code kappa = 1}, 1024 buckets. */
    public static FoolsGoldSettings defaults() {
        return new FoolsGoldSettings(1.0, 1024);
    }

    @Override
    public AggregationStrategy create() {
        return new FoolsGold(this);
    }
}
