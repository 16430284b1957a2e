package org.fedsynth.fl.detect;

import java.util.Arrays;

/**
 * FedDetect's third stage: the optional vetoes that let a forest outlier stand as a flag only when
 * it is also separated from the other clients (none is in the paper; each is off by default):
 * <ul>
 *   <li>{@code min_separation k}: on some feature the client lies at least {@code k} robust
 *       standard deviations ({@code 1.4826 * MAD}) from the median ({@link #separation});
 *   <li>{@code tail: upper}: on some feature the client lies above the median ({@link #aboveMedian});
 *   <li>{@code min_ratio r}: on some feature its value is at least {@code r} times the median of the
 *       other clients' values ({@link #ratioToOthers}).
 * </ul>
 */
public final class Vetoes {

    /** Consistency constant turning a MAD into a normal standard deviation. */
    public static final double MAD_TO_SD = 1.4826;

    /**
     * The flags after the vetoes.
     *
     * @param flagged per client: an outlier that no veto overruled
     * @param count how many are flagged
     * @param separation per client, the largest robust z-score over the features
     * @param aboveMedian per client, above the median on some feature (all true without {@code tail: upper})
     * @param ratio per client, the largest ratio to the other clients' median
     */
    public record Flags(boolean[] flagged, int count, double[] separation, boolean[] aboveMedian, double[] ratio) {}

    private Vetoes() {}

    /**
     * @param minSeparation the {@code min_separation} veto, or {@code null} for off
     * @param upperTail the {@code tail: upper} veto
     * @param minRatio the {@code min_ratio} veto, or {@code null} for off
     */
    public static Flags apply(double[][] x, boolean[] outlier, Double minSeparation, boolean upperTail, Double minRatio) {
        return apply(x, outlier, minSeparation, upperTail, minRatio, null);
    }

    /**
     * As {@link #apply(double[][], boolean[], Double, boolean, Double)}, with each client's ratio on each
     * feature multiplied by {@code ratioWeights[i][f]} before the {@code min_ratio} test ({@code null}: all 1;
     * FedDetect's {@code scale_by_share}, {@link ShareScaling}). The medians the ratios divide by are of the
     * other clients' unweighted values.
     */
    public static Flags apply(double[][] x, boolean[] outlier, Double minSeparation, boolean upperTail, Double minRatio,
            double[][] ratioWeights) {
        return withRatios(x, outlier, minSeparation, upperTail, minRatio, ratiosByFeature(x, ratioWeights));
    }

    /**
     * As {@link #apply(double[][], boolean[], Double, boolean, Double)}, with the {@code min_ratio} test read from
     * {@code ratios[i][f]}, each client's ratio on each feature as a stage before made it ({@link #ratiosByFeature},
     * then share scaling and {@link Corroboration}): a client's ratio is the largest of its row.
     */
    public static Flags withRatios(double[][] x, boolean[] outlier, Double minSeparation, boolean upperTail,
            Double minRatio, double[][] ratios) {
        int n = x.length;
        double[] separation = separation(x);
        boolean[] upper = upperTail ? aboveMedian(x) : null;
        double[] ratio = rowMax(ratios);
        boolean[] flagged = new boolean[n];
        boolean[] above = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            above[i] = upper == null || upper[i];
            flagged[i] = outlier[i] && (minSeparation == null || separation[i] >= minSeparation)
                    && above[i]
                    && (minRatio == null || ratio[i] >= minRatio);
            if (flagged[i]) {
                count++;
            }
        }
        return new Flags(flagged, count, separation, above, ratio);
    }

    /**
     * Per client, the largest robust z-score {@code |x - median| / (1.4826 MAD)} over the features
     * (infinite when MAD is 0 and the client is off the median, 0 when it is on it).
     */
    public static double[] separation(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] out = new double[n];
        double[] col = new double[n];
        for (int f = 0; f < d; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            double med = median(col);
            double[] dev = new double[n];
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(x[i][f] - med);
            }
            double mad = median(dev);
            for (int i = 0; i < n; i++) {
                double z;
                if (mad > 0) {
                    z = dev[i] / (MAD_TO_SD * mad);
                } else {
                    z = dev[i] > 0 ? Double.POSITIVE_INFINITY : 0.0;
                }
                out[i] = Math.max(out[i], z);
            }
        }
        return out;
    }

    /**
     * Per client, the largest ratio over the features of its value to the median of the other
     * clients' values (infinite when that median is 0 and the value is positive, 0 when both are).
     */
    public static double[] ratioToOthers(double[][] x) {
        return ratioToOthers(x, null);
    }

    /** {@link #ratioToOthers(double[][])} with client {@code i}'s ratio on feature {@code f} times {@code weights[i][f]}. */
    public static double[] ratioToOthers(double[][] x, double[][] weights) {
        return rowMax(ratiosByFeature(x, weights));
    }

    /** Per row, its largest value (0 for an empty row or one of negatives: ratios are never negative). */
    private static double[] rowMax(double[][] r) {
        double[] out = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            for (double v : r[i]) {
                out[i] = Math.max(out[i], v);
            }
        }
        return out;
    }

    /**
     * Per client and feature, its value over the median of the other clients' values (infinite when that median
     * is 0 and the value positive, 0 when both are), times {@code weights[i][f]} where given and finite. All 0
     * with fewer than two clients.
     */
    public static double[][] ratiosByFeature(double[][] x, double[][] weights) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double[][] out = new double[n][d];
        if (n < 2) {
            return out;
        }
        double[] others = new double[n - 1];
        for (int f = 0; f < d; f++) {
            for (int i = 0; i < n; i++) {
                int k = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        others[k++] = x[j][f];
                    }
                }
                double med = median(others);
                double r = med > 0 ? x[i][f] / med : x[i][f] > 0 ? Double.POSITIVE_INFINITY : 0.0;
                if (weights != null && !Double.isInfinite(r)) {
                    r *= weights[i][f];
                }
                out[i][f] = r;
            }
        }
        return out;
    }

    /** Per client, whether it lies above the median on at least one feature. */
    public static boolean[] aboveMedian(double[][] x) {
        int n = x.length;
        boolean[] out = new boolean[n];
        double[] col = new double[n];
        for (int f = 0; f < x[0].length; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            double med = median(col);
            for (int i = 0; i < n; i++) {
                out[i] |= x[i][f] > med;
            }
        }
        return out;
    }

    /** The median (mean of the two middle values for an even count). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
