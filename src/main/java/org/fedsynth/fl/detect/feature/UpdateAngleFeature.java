package org.fedsynth.fl.detect.feature;

/**
 * {@code update_angle} (not in the paper): how far the direction of a client's generator update turns from
 * the mean update of the other clients, {@code 1 - cos(d_i, mean_{j != i} d_j)} with {@code d = generator -
 * global generator}, computed exactly in one pass over each update. It is scale-free: multiplying the update
 * by any {@code gamma > 0} (model replacement, or the stealthy {@code gamma < 1} that hides in the L2
 * features) leaves it unchanged, and so does projecting it onto a norm ball. A poisoned generator learns
 * something the others do not, so its update points partly elsewhere (the weight-space evidence FLAME
 * clusters on, Nguyen et al. 2022, as one feature of the forest). Honest iid updates agree closely
 * (cosines near 1), so the {@code min_ratio} veto compares small numbers with one another; under label
 * skew a small site's update points its own way, which {@code scale_by_share} weighs
 * ({@link #scaledByShare()}). 0 for a client whose update, or the others' mean, is zero.
 */
public final class UpdateAngleFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        int n = in.updates().size();
        double[] out = new double[n];
        if (n < 2) {
            return out;
        }
        float[] global = in.context().globalGenerator().flatten();
        float[][] d = new float[n][];
        double[] sum = new double[global.length];
        for (int i = 0; i < n; i++) {
            float[] g = in.updates().get(i).generator().flatten();
            if (g.length != global.length) {
                throw new IllegalArgumentException("feddetect: update_angle: client " + in.updates().get(i).clientId()
                        + " sent " + g.length + " generator values, the global generator has " + global.length);
            }
            for (int k = 0; k < g.length; k++) {
                g[k] -= global[k];
                sum[k] += g[k];
            }
            d[i] = g;
        }
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double self = 0;
            double others = 0;
            float[] di = d[i];
            for (int k = 0; k < di.length; k++) {
                double o = sum[k] - di[k];
                dot += di[k] * o;
                self += (double) di[k] * di[k];
                others += o * o;
            }
            out[i] = self > 0 && others > 0 ? Math.max(0.0, 1.0 - dot / Math.sqrt(self * others)) : 0.0;
        }
        return out;
    }

    @Override
    public boolean scaledByShare() {
        return true;
    }
}
