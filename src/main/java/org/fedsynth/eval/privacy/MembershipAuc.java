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
        double[] dv = pairedDifference(memberA, nonMemberA, memberB, nonMemberB);
        return dv[1] > 0 ? dv[0] / Math.sqrt(dv[1]) : Double.NaN;
    }

    /**
     * The class-stratified AUC: within each stratum (class) {@code y} with at least two members and two
     * non-members, the AUC of its members against its non-members, averaged with the members' weights
     * {@code w_y = m_y / sum m}; the variance is {@code sum w_y^2 var_y} (strata are independent). A member
     * set whose class mix differs from the non-members' (a label-skewed client against a common held-out
     * split) is then compared class by class, so the class mix alone cannot raise or lower the AUC.
     * {@code NaN} when no stratum qualifies.
     */
    public static MembershipAuc stratified(double[] member, int[] memberStrata, double[] nonMember, int[] nonMemberStrata) {
        double[][][] s = strata(member, memberStrata, nonMember, nonMemberStrata);
        if (s.length == 0) {
            return new MembershipAuc(Double.NaN, Double.NaN, member.length, nonMember.length);
        }
        double total = 0;
        for (double[][] st : s) {
            total += st[0].length;
        }
        double auc = 0;
        double var = 0;
        for (double[][] st : s) {
            double w = st[0].length / total;
            MembershipAuc a = of(st[0], st[1]);
            auc += w * a.auc();
            var += w * w * a.se() * a.se();
        }
        return new MembershipAuc(auc, Math.sqrt(var), member.length, nonMember.length);
    }

    /**
     * DeLong's paired test of two class-stratified AUCs (see {@link #stratified}) on the same members and
     * non-members: {@code sum w_y (A_y - B_y) / sqrt(sum w_y^2 var(A_y - B_y))}.
     */
    public static double stratifiedPairedZ(double[] memberA, double[] nonMemberA, double[] memberB, double[] nonMemberB,
            int[] memberStrata, int[] nonMemberStrata) {
        double[][][] a = strata(memberA, memberStrata, nonMemberA, nonMemberStrata);
        double[][][] b = strata(memberB, memberStrata, nonMemberB, nonMemberStrata);
        double total = 0;
        for (double[][] st : a) {
            total += st[0].length;
        }
        double diff = 0;
        double var = 0;
        for (int y = 0; y < a.length; y++) {
            double w = a[y][0].length / total;
            double[] dv = pairedDifference(a[y][0], a[y][1], b[y][0], b[y][1]);
            diff += w * dv[0];
            var += w * w * dv[1];
        }
        return var > 0 ? diff / Math.sqrt(var) : Double.NaN;
    }

    /** {members, non-members} of each stratum that has at least two of both, in stratum order. */
    private static double[][][] strata(double[] member, int[] memberStrata, double[] nonMember, int[] nonMemberStrata) {
        if (memberStrata.length != member.length || nonMemberStrata.length != nonMember.length) {
            throw new IllegalArgumentException("one stratum per score required");
        }
        java.util.TreeMap<Integer, double[][]> out = new java.util.TreeMap<>();
        java.util.TreeMap<Integer, Integer> m = new java.util.TreeMap<>();
        java.util.TreeMap<Integer, Integer> n = new java.util.TreeMap<>();
        for (int s : memberStrata) {
            m.merge(s, 1, Integer::sum);
        }
        for (int s : nonMemberStrata) {
            n.merge(s, 1, Integer::sum);
        }
        for (var e : m.entrySet()) {
            int y = e.getKey();
            if (e.getValue() >= 2 && n.getOrDefault(y, 0) >= 2) {
                out.put(y, new double[][] {pick(member, memberStrata, y), pick(nonMember, nonMemberStrata, y)});
            }
        }
        return out.values().toArray(new double[0][][]);
    }

    private static double[] pick(double[] v, int[] strata, int y) {
        int k = 0;
        for (int s : strata) {
            k += s == y ? 1 : 0;
        }
        double[] out = new double[k];
        int i = 0;
        for (int j = 0; j < v.length; j++) {
            if (strata[j] == y) {
                out[i++] = v[j];
            }
        }
        return out;
    }

    /** {AUC_A - AUC_B, DeLong's variance of the difference} on the same members and non-members. */
    private static double[] pairedDifference(double[] memberA, double[] nonMemberA, double[] memberB, double[] nonMemberB) {
        int m = memberA.length;
        int n = nonMemberA.length;
        double[][] a = components(memberA, nonMemberA);
        double[][] b = components(memberB, nonMemberB);
        double var = (covariance(a[0], a[0]) + covariance(b[0], b[0]) - 2 * covariance(a[0], b[0])) / m
                + (covariance(a[1], a[1]) + covariance(b[1], b[1]) - 2 * covariance(a[1], b[1])) / n;
        return new double[] {mean(a[0]) - mean(b[0]), var};
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
