package org.fedsynth.fl.detect.feature;

import java.util.stream.IntStream;
import org.fedsynth.fl.strategy.Norms;

/**
 * {@code update_redundancy} (not in the paper): how nearly a client's deviation from the round's mean
 * update repeats another client's, {@code -ln(1 - max_j cos(r_i, r_j))} where {@code r_i} is the client's
 * generator delta minus the mean delta of the round (capped at {@code -ln 1e-6}, about 13.8). Raw updates
 * all point the same way (every client moves from the same global model towards the same data
 * distribution, BatchNorm statistics included: cosines of 0.99 were measured between honest iid clients),
 * so the common part is removed first. Honest sites with their own data and seeds then deviate in their
 * own directions; sybils sharing data and seeds deviate alike whatever their images show, and any
 * common centre leaves identical updates identical (after FoolsGold's observation, Fung et al. 2020, as
 * one feature instead of a weighting). Cosines are taken on {@value #SKETCH}-bucket count sketches
 * ({@link Norms#countSketchAdd}; error about 0.016), so the cost is one pass over each update plus
 * {@code n^2} short products. 0 for a client whose residual, or every other residual, is zero or points away.
 */
public final class UpdateRedundancyFeature implements DetectorFeature {

    /** The smallest {@code 1 - cos} taken (the cap of the feature). */
    static final double FLOOR = 1e-6;

    /** Buckets of the count sketch. */
    static final int SKETCH = 4096;

    /**
     * The cosine from which {@code update_duplicate} counts a residual as a repeat (else 0): honest residuals
     * reached 0.79 with 4 clients (all pointing away from one far attacker) and 0.55 under label skew (two sites
     * of one class mix) in the robustness runs; identical sybils reach 1.
     */
    public static final double DUPLICATE_COS = 0.9;

    /** The feature's value at a residual cosine of {@link #DUPLICATE_COS}. */
    public static final double STANDS_ALONE = -Math.log(1 - DUPLICATE_COS);

    private final double minCos;

    /** {@code update_redundancy}: every cosine counts. */
    public UpdateRedundancyFeature() {
        this(0);
    }

    /**
     * With {@code minCos > 0} ({@code update_duplicate}), a client whose largest residual cosine is below it
     * scores 0, so the other clients' median, which the {@code min_ratio} veto divides by, is the honest 0 and
     * an honest pair of similar sites is not flagged for resembling each other.
     */
    public UpdateRedundancyFeature(double minCos) {
        if (!(minCos >= 0 && minCos < 1)) {
            throw new IllegalArgumentException("the smallest counted cosine must be in [0, 1), found " + minCos);
        }
        this.minCos = minCos;
    }

    @Override
    public double[] values(FeatureInput in) {
        int n = in.updates().size();
        float[] global = in.context().globalGenerator().flatten();
        float[][] sketches = new float[n][SKETCH];
        double[] mean = new double[SKETCH];
        // one pass over each update, the clients sketched on the common pool's threads (each sketch is its own
        // sum in coordinate order, so the threads change no bit); the mean is then summed in client order
        double[][] raw = new double[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] s = new double[SKETCH];
            Norms.countSketchAdd(in.flatGenerator(i, global.length, "update_redundancy"), global, s);
            raw[i] = s;
        });
        for (int i = 0; i < n; i++) {
            double[] s = raw[i];
            raw[i] = null;
            for (int k = 0; k < SKETCH; k++) {
                mean[k] += s[k] / n;
                sketches[i][k] = (float) s[k];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < SKETCH; k++) {
                sketches[i][k] -= (float) mean[k];
            }
        }
        double[][] d = Norms.cosineDistances(sketches);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    best = Math.min(best, d[i][j]);
                }
            }
            out[i] = n < 2 || best >= 1 || 1 - best < minCos ? 0.0 : -Math.log(Math.max(FLOOR, best));
        }
        return out;
    }

    /** Under {@code corroborate}, a resemblance short of a near-duplicate needs an image feature beside it. */
    @Override
    public boolean needsCorroboration() {
        return true;
    }

    /** {@code -ln(1 - 0.9)}: a residual cosine of {@link #DUPLICATE_COS} (sybils) stands on its own. */
    @Override
    public double standsAloneFrom() {
        return STANDS_ALONE;
    }
}
