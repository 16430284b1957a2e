package org.fedsynth.fl.detect.feature;

import java.util.stream.IntStream;

/**
 * {@code update_angle} (not in the paper): how far the direction of a client's generator update turns from
 * the mean update of the other clients, {@code -ln cos(d_i, mean_{j != i} d_j)} with {@code d = generator -
 * global generator}, computed exactly in one pass over each update; 0 when the two point the same way, and
 * capped at {@code -ln 1e-6} (about 13.8) when they are orthogonal or opposed. It is scale-free: multiplying
 * the update by any {@code gamma > 0} (model replacement, or the stealthy {@code gamma < 1} that hides in the
 * L2 features) leaves it unchanged, and so does projecting it onto a norm ball. A poisoned generator learns
 * something the others do not, so its update points partly elsewhere (the weight-space evidence FLAME
 * clusters on, Nguyen et al. 2022, as one feature of the forest). The logarithm of the cosine, not
 * {@code 1 - cos}, because the {@code min_ratio} veto compares ratios: late in training honest updates
 * agree at cosines of about 0.3-0.5, so {@code 1 - cos} sits at 0.5-0.7 and no client can reach 2.5 times
 * that, while {@code -ln cos} keeps a client at cosine 0.05 (a DermaMNIST blend attacker, measured) 3-4
 * times above them. Under label skew a small site's update points its own way, which {@code scale_by_share}
 * weighs ({@link #scaledByShare()}). 0 for a client whose update, or the others' mean, is zero.
 */
public final class UpdateAngleFeature implements DetectorFeature {

    /** The smallest cosine taken (the cap of the feature). */
    static final double FLOOR = 1e-6;

    /** Coordinates per block of the parallel sum. */
    private static final int BLOCK = 1 << 14;

    @Override
    public double[] values(FeatureInput in) {
        int n = in.updates().size();
        double[] out = new double[n];
        if (n < 2) {
            return out;
        }
        float[] global = in.context().globalGenerator().flatten();
        int p = global.length;
        // every pass is split so that no sum changes its order (the same bits as one thread): the deltas per
        // client, their sum per block of coordinates (clients added in order), the cosines per client
        float[][] d = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            float[] g = in.flatGenerator(i, p, "update_angle");
            for (int k = 0; k < p; k++) {
                g[k] -= global[k];
            }
            d[i] = g;
        });
        double[] sum = new double[p];
        int blocks = (p + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int to = Math.min(p, (blk + 1) * BLOCK);
            for (float[] di : d) {
                for (int k = blk * BLOCK; k < to; k++) {
                    sum[k] += di[k];
                }
            }
        });
        IntStream.range(0, n).parallel().forEach(i -> {
            double dot = 0;
            double self = 0;
            double others = 0;
            float[] di = d[i];
            for (int k = 0; k < p; k++) {
                double o = sum[k] - di[k];
                dot += di[k] * o;
                self += (double) di[k] * di[k];
                others += o * o;
            }
            double cos = self > 0 && others > 0 ? Math.min(1.0, dot / Math.sqrt(self * others)) : 1.0;
            out[i] = -Math.log(Math.max(FLOOR, cos));
        });
        return out;
    }

    @Override
    public boolean scaledByShare() {
        return true;
    }
}
