package org.fedsynth.fl.detect;

import java.util.List;
import org.fedsynth.fl.detect.feature.DetectorFeature;

/**
 * FedDetect's {@code scale_by_share} (not in the paper), a weight on the {@code min_ratio} veto: client
 * {@code i}'s ratio to the other clients on a feature of its own data ({@link DetectorFeature#scaledByShare()}: the
 * image features and {@code update_angle}) is
 * multiplied by {@code min(1, n * share_i)}, where {@code share_i} is its base weight share (its sample
 * count's share under sample weighting), before it is compared with {@code min_ratio}. A site too small to
 * move the average (10 images of 2428: a factor 0.04) is not flagged for drawing its own few images, which
 * a generator trained on 10 images does, consistently; a site at or above an equal share is judged as
 * before. The features themselves, and the medians the ratios divide by, stay unscaled: scaling the
 * features (the first form, measured on 10 label-skewed clients) shrank the many small sites' values, so
 * the others' median fell and the three large honest sites stood out (FPR 0.27). An attacker gains nothing
 * by being small: what shrinks its evidence shrinks its weight in the average by as much.
 */
public final class ShareScaling {

    private ShareScaling() {}

    /** The factors {@code min(1, n * share_i)} of the base weights (which need not sum to 1). */
    public static double[] factors(double[] baseWeights) {
        return factors(baseWeights, baseWeights);
    }

    /** Per client and feature, the weight of its ratio: its factor on the features of its own data, 1 on the others. */
    public static double[][] ratioWeights(List<String> features, double[] baseWeights) {
        return ratioWeightsOf(features, factors(baseWeights));
    }

    /**
     * As {@link #ratioWeights}, with each client's base weight replaced by {@code pooled[i]}, the summed base weight of
     * its group ({@link CoLocation}; its own where it is alone): factors {@code min(1, n * pooled_i / sum(base))}, the
     * same numbers as {@link #ratioWeights} for a client alone.
     */
    public static double[][] ratioWeightsPooled(List<String> features, double[] baseWeights, double[] pooled) {
        if (pooled.length != baseWeights.length) {
            throw new IllegalArgumentException("pool_co_located: " + pooled.length + " pooled weights for "
                    + baseWeights.length + " clients");
        }
        return ratioWeightsOf(features, factors(baseWeights, pooled));
    }

    /** {@code min(1, n * weights_i / sum(base))}; all 1 when the base weights sum to 0. */
    private static double[] factors(double[] baseWeights, double[] weights) {
        int n = baseWeights.length;
        double sum = 0;
        for (double w : baseWeights) {
            sum += w;
        }
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = sum > 0 ? Math.min(1.0, n * weights[i] / sum) : 1.0;
        }
        return f;
    }

    private static double[][] ratioWeightsOf(List<String> features, double[] f) {
        List<DetectorFeature> plugins = FeatureMatrix.plugins(features);
        double[][] w = new double[f.length][features.size()];
        for (int c = 0; c < features.size(); c++) {
            boolean own = plugins.get(c).scaledByShare();
            for (int i = 0; i < w.length; i++) {
                w[i][c] = own ? f[i] : 1.0;
            }
        }
        return w;
    }
}
