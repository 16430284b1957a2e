package org.fedsynth.eval.privacy;


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
        double[][] v = components(member, nonMember);
        double auc = mean(v[0]);
        if (m < 2 || n < 2) {
            return new MembershipAuc(auc, Double.NaN, m, n);
        }
        return new MembershipAuc(auc, Math.sqrt(covariance(v[0], v[0]) / m + covariance(v[1], v[1]) / n), m, n);
    }

    /**
     * DeLong's test of two correlated AUCs, A and B, measured on the same members and non-members (in the
     * same order) with two scores: (AUC_A − AUC_B) / sd, where the variance of the difference keeps the
     * covariance of the two (DeLong et al. 1988, eq. for correlated ROC curves). NaN with fewer than two of
     * either, or when the difference has no variance.
     */
    public static double pairedZ(double[] memberA, double[] nonMemberA, double[] memberB, double[] nonMemberB) {
        int m = memberA.length;
        int n = nonMemberA.length;
        if (memberB.length != m || nonMemberB.length != n) {
            throw new IllegalArgumentException("paired AUCs need the same members and non-members: " + m + "/" + n
                    + " against " + memberB.length + "/" + nonMemberB.length);
        }
        if (m < 2 || n < 2) {
            return Double.NaN;
        }
        double[][] a = components(memberA, nonMemberA);
        double[][] b = components(memberB, nonMemberB);
        double var = (covariance(a[0], a[0]) + covariance(b[0], b[0]) - 2 * covariance(a[0], b[0])) / m
                + (covariance(a[1], a[1]) + covariance(b[1], b[1]) - 2 * covariance(a[1], b[1])) / n;
        return var > 0 ? (mean(a[0]) - mean(b[0])) / Math.sqrt(var) : Double.NaN;
    }

    /**
     * DeLong's structural components: {@code [0][i]} = P(member i scores above a non-member) (ties ½),
     * {@code [1][j]} = P(a member scores above non-member j); from midranks in O((m + n) log(m + n)).
     */
    static double[][] components(double[] member, double[] nonMember) {
        int m = member.length;
        int n = nonMember.length;
        double[] all = new double[m + n];
        System.arraycopy(member, 0, all, 0, m);
        System.arraycopy(nonMember, 0, all, m, n);
        double[] rAll = midranks(all);
        double[] rX = midranks(member);
        double[] rY = midranks(nonMember);
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        for (int i = 0; i < m; i++) {
            v10[i] = (rAll[i] - rX[i]) / n;
        }
        for (int j = 0; j < n; j++) {
            v01[j] = 1 - (rAll[m + j] - rY[j]) / m;
        }
        return new double[][] {v10, v01};
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

    /** 1-based ranks, ties given their mean rank. */
    static double[] midranks(double[] x) {
        return org.fedsynth.eval.Ranks.midranks(x);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample covariance (n − 1). */
    private static double covariance(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
    }
}
