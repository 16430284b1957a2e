package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.fedsynth.fl.AggregationStrategy;

/**
 * The defense wrapper's settings, accepted beside any strategy's keys
 * ({@code strategy: {name: median, clip_bound: 2.0, noise_sigma: 0.01}}): when {@code clipBound} is
 * set or {@code noiseSigma > 0} the strategy is wrapped in {@link NormClipping}.
 *
 * @param clipBound the L2 bound on each client's delta, {@code > 0}, or {@code null} for no clipping
 * @param noiseSigma the standard deviation of the noise added to the aggregate, finite and {@code >= 0}
 */
public record ClipSettings(
        @JsonPropertyDescription("> 0 or null: norm clipping, each client's update delta is scaled to L2 norm <= bound")
        Double clipBound,
        @JsonPropertyDescription("finite, >= 0: std of Gaussian noise added to the aggregate (not to BatchNorm statistics)")
        double noiseSigma) {

    /** Validates both keys. */
    public ClipSettings {
        if (clipBound != null && !(clipBound > 0)) {
            throw new IllegalArgumentException("strategy.clip_bound must be > 0, found " + clipBound);
        }
        if (!(noiseSigma >= 0) || !Double.isFinite(noiseSigma)) {
            throw new IllegalArgumentException("strategy.noise_sigma must be finite and >= 0, found " + noiseSigma);
        }
    }

    /** No clipping, no noise. */
    public static ClipSettings defaults() {
        return new ClipSettings(null, 0.0);
    }

    /** Whether these settings wrap the strategy at all. */
    public boolean active() {
        return clipBound != null || noiseSigma != 0.0;
    }

    /** {@code inner} wrapped in {@link NormClipping} when {@link #active()}, else {@code inner} itself. */
    public AggregationStrategy wrap(AggregationStrategy inner) {
        return active() ? new NormClipping(inner, clipBound == null ? Double.POSITIVE_INFINITY : clipBound, noiseSigma)
                : inner;
    }
}
