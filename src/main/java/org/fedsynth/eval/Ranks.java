package org.fedsynth.eval;

import java.util.Arrays;

/** Ranks for the rank statistics of the evaluation (the utility study's AUC, the membership AUC and its DeLong variance). */
public final class Ranks {

    private Ranks() {}

    /** 1-based ranks of {@code x} in ascending order, tied values given their mean rank (ordered as {@link Double#compare}). */
    public static double[] midranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(x[order[j + 1]], x[order[i]]) == 0) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                r[order[t]] = mid;
            }
            i = j + 1;
        }
        return r;
    }
}
