package org.fedsynth.fl.detect;

import java.util.List;
import org.fedsynth.fl.detect.feature.DetectorFeature;
import org.fedsynth.plugin.PluginRegistry;

/**
 * FedDetect's {@code scale_by_share} (not in the paper), between the features and the scores: each
 * image feature ({@link DetectorFeature#drawsImages()}) of client {@code i} is multiplied by
 * {@code min(1, n * share_i)}, where {@code share_i} is its base weight share (its sample count's share
 * under sample weighting). A site too small to move the average (10 images of 2428: a factor 0.04) is not
 * flagged for drawing its own few images, which a generator trained on 10 images does, consistently; a
 * site at or above an equal share keeps its evidence as it is. An attacker gains nothing by being small:
 * what shrinks its evidence shrinks its weight in the average by as much.
 */
public final class ShareScaling {

    private ShareScaling() {}

    /** The factors {@code min(1, n * share_i)} of the base weights (which need not sum to 1). */
    public static double[] factors(double[] baseWeights) {
        int n = baseWeights.length;
        double sum = 0;
        for (double w : baseWeights) {
            sum += w;
        }
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = sum > 0 ? Math.min(1.0, n * baseWeights[i] / sum) : 1.0;
        }
        return f;
    }

    /** Scales, in place, the columns of {@code x} whose feature draws images. */
    public static void apply(double[][] x, List<String> features, double[] baseWeights) {
        double[] f = factors(baseWeights);
        for (int c = 0; c < features.size(); c++) {
            if (PluginRegistry.instance(PluginRegistry.FEATURE, features.get(c), DetectorFeature.class).drawsImages()) {
                for (int i = 0; i < x.length; i++) {
                    x[i][c] *= f[i];
                }
            }
        }
    }
}
