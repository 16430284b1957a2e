package org.fedsynth.eval.privacy;

import java.util.Arrays;

/**
 * Weighted quantiles by the inverted empirical CDF: the smallest value whose cumulative weight
 * reaches {@code q} of the total (numpy's {@code quantile(..., method="inverted_cdf")} when every
 * weight is 1). No interpolation, so a quantile is always one of the values.
 */
public final class Quantiles {

    private Quantiles() {}

    /** The unweighted {@code q}-quantile ({@code NaN} for no values). */
    public static double of(double[] values, double q) {
        double[] w = new double[values.length];
        Arrays.fill(w, 1);
        return weighted(values, w, q);
    }

    /**
     * The {@code q}-quantile of {@code values} weighted by {@code weights} (non-negative; values of weight 0
     * are ignored); {@code NaN} when the weights sum to 0.
     *
     * @throws IllegalArgumentException for q outside [0, 1], lengths that differ, or a negative weight
     */
    public static double weighted(double[] values, double[] weights, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " outside [0, 1]");
        }
        if (values.length != weights.length) {
            throw new IllegalArgumentException(values.length + " values but " + weights.length + " weights");
        }
        Integer[] order = new Integer[values.length];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            if (!(weights[i] >= 0)) {
                throw new IllegalArgumentException("weight " + weights[i] + " is not >= 0");
            }
            order[i] = i;
            total += weights[i];
        }
        if (total <= 0) {
            return Double.NaN;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double target = q * total;
        double cum = 0;
        double last = Double.NaN;
        for (Integer i : order) {
            if (weights[i] == 0) {
                continue;
            }
            cum += weights[i];
            last = values[i];
            if (cum >= target * (1 - 1e-12)) {
                return last;
            }
        }
        return last;
    }
}
