package org.fedsynth.eval.privacy;

import java.util.Arrays;

/**
 * The area under the ROC curve of a membership score (higher = more likely a training member),
 * members against non-members, with DeLong's variance (DeLong, DeLong and Clarke-Pearson 1988, in
 * the midrank form of Sun and Xu 2014) and a normal 95% interval clipped to [0, 1].
 *
 * <p>AUC = P(score of a member &gt; score of a non-member) + ½ P(equal): the Mann–Whitney statistic.
 * 0.5 means the score cannot tell members from non-members; 1 means every member scores above every
 * non-member.
 *
 * <p>{@link #signal()} asks more than the 95% interval: the AUC must be {@value #SIGNAL_Z} standard
 * errors above 0.5 (one-sided p ≈ 0.0013), because an audit tests several sets (overall, each
 * client, two spaces) and a 95% rule would flag a safe generator in about one run of five.
 *
 * @param auc   the AUC ({@code NaN} with fewer than one member or non-member)
 * @param se    DeLong's standard error ({@code NaN} with fewer than two of either)
 * @param members number of members
 * @param nonMembers number of non-members
 */
public record MembershipAuc(double auc, double se, int members, int nonMembers) {

    /** z of a two-sided 95% normal interval. */
    public static final double Z95 = 1.959963984540054;
    /** Standard errors above 0.5 that {@link #signal()} asks for. */
    public static final double SIGNAL_Z = 3.0;

    /** The AUC of {@code member} scores against {@code nonMember} scores, with its interval. */
    public static MembershipAuc of(double[] member, double[] nonMember) {
        int m = member.length;
        int n = nonMember.length;
        if (m == 0 || n == 0) {
            return new MembershipAuc(Double.NaN, Double.NaN, m, n);
        }
        double[] all = new double[m + n];
        System.arraycopy(member, 0, all, 0, m);
        System.arraycopy(nonMember, 0, all, m, n);
        double[] rAll = midranks(all);
        double[] rX = midranks(member);
        double[] rY = midranks(nonMember);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rX[i]) / n;
            sum += v10[i];
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1 - (rAll[m + j] - rY[j]) / m;
        }
        double auc = sum / m;
        if (m < 2 || n < 2) {
            return new MembershipAuc(auc, Double.NaN, m, n);
        }
        return new MembershipAuc(auc, Math.sqrt(variance(v10) / m + variance(v01) / n), m, n);
    }

    /** The 95% interval's lower end, clipped to [0, 1] ({@code NaN} without a standard error). */
    public double lower() {
        return Math.max(0, auc - Z95 * se);
    }

    /** The 95% interval's upper end, clipped to [0, 1]. */
    public double upper() {
        return Math.min(1, auc + Z95 * se);
    }

    /** Whether the score tells members apart: AUC more than {@link #SIGNAL_Z} standard errors above 0.5. */
    public boolean signal() {
        return auc - SIGNAL_Z * se > 0.5;
    }

    /**
     * Whether this AUC is {@link #SIGNAL_Z} standard errors above {@code reference}'s, with the two errors
     * combined as if independent (conservative when, as here, both share the members and non-members).
     */
    public boolean signalAbove(MembershipAuc reference) {
        return auc - reference.auc > SIGNAL_Z * Math.hypot(se, reference.se);
    }

    /** 1-based ranks, ties given their mean rank. */
    static double[] midranks(double[] x) {
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

    private static double variance(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }
}
