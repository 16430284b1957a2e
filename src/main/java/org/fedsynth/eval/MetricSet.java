package org.fedsynth.eval;

/**
 * The fidelity metrics of one fake feature set against one real feature set, with the sizes and
 * settings they were computed with. A metric whose sample-size requirement is not met (see
 * {@link FidelityMetrics#compute}) is {@code NaN}.
 *
 * @param nReal            rows of the real set
 * @param nFake            rows of the fake set
 * @param dims             feature dimension (0 when both sets are empty)
 * @param fd               Fréchet distance ({@link FrechetDistance}); "FID" when the features are Inception pool3
 * @param kidMean          KID, mean of the per-subset unbiased MMD^2 ({@link KernelInceptionDistance})
 * @param kidStd           standard deviation of the per-subset KID estimates
 * @param kidSubsets       number of KID subsets
 * @param kidSubsetSize    effective KID subset size {@code min(requested, nReal, nFake)}
 * @param precision        improved precision ({@link ManifoldMetrics})
 * @param recall           improved recall
 * @param kPrecisionRecall k of precision and recall
 * @param density          density (can exceed 1)
 * @param coverage         coverage
 * @param kDensityCoverage k of density and coverage
 */
public record MetricSet(
        int nReal,
        int nFake,
        int dims,
        double fd,
        double kidMean,
        double kidStd,
        int kidSubsets,
        int kidSubsetSize,
        double precision,
        double recall,
        int kPrecisionRecall,
        double density,
        double coverage,
        int kDensityCoverage) {}
