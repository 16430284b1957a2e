package org.fedsynth.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How varied the generated images of a class are, relative to the real images of that class: the
 * mean pairwise Euclidean distance between generated images of the class divided by the same for
 * real images of the class. About 1 when the generator is as varied as the data; near 0 when it
 * makes near-copies whatever the noise (mode collapse); above 1 when it is noisier than the data.
 * Computed on any representation (the evaluator's features, or raw pixels).
 *
 * <p>The overall ratio is the mean of the per-class ratios, so distances between classes (which a
 * collapsed class-conditional generator still has) never hide a collapsed class. Sets larger than
 * {@link #MAX_ROWS} are subsampled without replacement with a fixed seed.
 */
public final class Diversity {

    /** The ratio below which a class is reported as collapsed. */
    public static final double COLLAPSE_BELOW = 0.5;
    /** At most this many rows of a set enter the pairwise mean (n(n-1)/2 pairs). */
    public static final int MAX_ROWS = 1000;

    private Diversity() {}

    /** The mean distance over all unordered pairs of rows ({@code NaN} for fewer than 2 rows). */
    public static double meanPairwiseDistance(double[][] x, long seed) {
        double[][] rows = subsample(x, MAX_ROWS, seed);
        int n = rows.length;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double[] a = rows[i];
            for (int j = i + 1; j < n; j++) {
                double[] b = rows[j];
                double s = 0;
                for (int k = 0; k < a.length; k++) {
                    double d = a[k] - b[k];
                    s += d * d;
                }
                sum += Math.sqrt(s);
            }
        }
        return sum / ((double) n * (n - 1) / 2);
    }

    /** {@code meanPairwiseDistance(fake) / meanPairwiseDistance(real)}; {@code NaN} when either is undefined or the real one is 0. */
    public static double ratio(double[][] real, double[][] fake, long seed) {
        Features.checkPair("real", real, 0, "fake", fake, 0);
        double r = meanPairwiseDistance(real, seed);
        double f = meanPairwiseDistance(fake, seed + 1);
        return r > 0 ? f / r : Double.NaN;
    }

    /**
     * The ratio for every label present in both sets (keys {@code String.valueOf(label)}, ascending),
     * and under {@link FidelityMetrics#OVERALL} the mean of the defined per-class ratios. A label in
     * only one set, or with fewer than 2 rows, gets {@code NaN}.
     */
    public static Map<String, Double> perClass(double[][] real, int[] realLabels, double[][] fake, int[] fakeLabels,
            long seed) {
        if (realLabels.length != real.length || fakeLabels.length != fake.length) {
            throw new IllegalArgumentException("label arrays must match the row counts");
        }
        TreeMap<Integer, List<double[]>> r = FidelityMetrics.group(real, realLabels);
        TreeMap<Integer, List<double[]>> f = FidelityMetrics.group(fake, fakeLabels);
        TreeMap<Integer, Double> byLabel = new TreeMap<>();
        for (int label : r.keySet()) {
            byLabel.put(label, Double.NaN);
        }
        for (int label : f.keySet()) {
            byLabel.put(label, Double.NaN);
        }
        double sum = 0;
        int defined = 0;
        for (int label : byLabel.keySet()) {
            List<double[]> rl = r.getOrDefault(label, List.of());
            List<double[]> fl = f.getOrDefault(label, List.of());
            if (rl.size() >= 2 && fl.size() >= 2) {
                double v = ratio(rl.toArray(new double[0][]), fl.toArray(new double[0][]), seed + 31L * label);
                byLabel.put(label, v);
                if (Double.isFinite(v)) {
                    sum += v;
                    defined++;
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(FidelityMetrics.OVERALL, defined == 0 ? Double.NaN : sum / defined);
        byLabel.forEach((label, v) -> out.put(String.valueOf(label), v));
        return out;
    }

    /** Whether a ratio says the class collapsed (below {@link #COLLAPSE_BELOW}). */
    public static boolean collapsed(double ratio) {
        return ratio < COLLAPSE_BELOW;
    }

    static double[][] subsample(double[][] x, int max, long seed) {
        if (x.length <= max) {
            return x;
        }
        int[] idx = new int[x.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        double[][] out = new double[max][];
        for (int i = 0; i < max; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }
}
