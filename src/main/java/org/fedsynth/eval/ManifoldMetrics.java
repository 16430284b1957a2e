package org.fedsynth.eval;

/**
 * k-nearest-neighbour manifold metrics: improved precision and recall (Kynkäänniemi, Karras,
 * Laine, Lehtinen and Aila, "Improved Precision and Recall Metric for Assessing Generative
 * Models", NeurIPS 2019) and density and coverage (Naeem, Oh, Uh, Choi and Yoo, "Reliable Fidelity
 * and Diversity Metrics for Generative Models", ICML 2020).
 *
 * <p>The k-NN radius of a point is its Euclidean distance to its k-th nearest neighbour in its own
 * set, excluding itself: the {@code (k+1)}-th smallest distance counting the zero distance to
 * itself (duplicates of the point count as neighbours at distance 0). A point lies in a set's
 * manifold if it is <em>strictly</em> closer than the radius of some point of that set. With real
 * samples {@code r_1..r_N}, fake samples {@code f_1..f_M}:
 *
 * <pre>
 *   precision = (1/M) sum_j 1[exists i: |f_j - r_i| &lt; NND_k(r_i)]
 *   recall    = (1/N) sum_i 1[exists j: |r_i - f_j| &lt; NND_k(f_j)]
 *   density   = (1/(k M)) sum_j sum_i 1[|f_j - r_i| &lt; NND_k(r_i)]
 *   coverage  = (1/N) sum_i 1[exists j: |f_j - r_i| &lt; NND_k(r_i)]
 * </pre>
 *
 * <p>These are exactly the conventions of the {@code prdc} package by Naeem et al.
 * ({@code compute_prdc}): radii from {@code get_kth_value(d, k + 1)}, strict {@code <} comparisons,
 * one {@code k} for all four numbers (here precision/recall and density/coverage may use
 * different k; Kynkäänniemi et al. use k = 3, Naeem et al. k = 5). Comparisons are done on squared
 * distances, so ties (for example grid points) are decided exactly.
 *
 * <p>Cost: {@code (N^2 + M^2 + N M) d} multiply-adds, memory {@code O(N + M)} (no distance matrix
 * is stored); the k-th neighbour is found with a bounded insertion list of {@code k + 1} entries.
 */
public final class ManifoldMetrics {

    /** Default k for precision and recall (Kynkäänniemi et al. 2019). */
    public static final int DEFAULT_K_PRECISION_RECALL = 3;
    /** Default k for density and coverage (Naeem et al. 2020). */
    public static final int DEFAULT_K_DENSITY_COVERAGE = 5;

    private ManifoldMetrics() {}

    /** Precision and recall with their k. */
    public record PrecisionRecall(double precision, double recall, int k) {}

    /** Density and coverage with their k. Density can exceed 1. */
    public record DensityCoverage(double density, double coverage, int k) {}

    /** All four numbers of one pass; precision/recall and density/coverage may use different k. */
    public record Prdc(double precision, double recall, int kPrecisionRecall,
                       double density, double coverage, int kDensityCoverage) {}

    /** Precision and recall of {@code fake} against {@code real} with k-NN radius {@code k}. */
    public static PrecisionRecall precisionRecall(double[][] real, double[][] fake, int k) {
        Prdc p = prdc(real, fake, k, k);
        return new PrecisionRecall(p.precision(), p.recall(), k);
    }

    /** Density and coverage of {@code fake} against {@code real} with k-NN radius {@code k}. */
    public static DensityCoverage densityCoverage(double[][] real, double[][] fake, int k) {
        Features.checkPair("real", real, k + 1, "fake", fake, 1);
        checkK(k);
        double[][] rr = kthNeighbourSquaredRadii(real, new int[] {k});
        Counts c = count(real, fake, rr[0], rr[0], null);
        return new DensityCoverage(c.density(k), c.coverage(), k);
    }

    /**
     * Precision, recall (k = {@code kPrecisionRecall}), density and coverage
     * (k = {@code kDensityCoverage}) in one pass over the real-fake pairs.
     */
    public static Prdc prdc(double[][] real, double[][] fake, int kPrecisionRecall, int kDensityCoverage) {
        checkK(kPrecisionRecall);
        checkK(kDensityCoverage);
        Features.checkPair("real", real, Math.max(kPrecisionRecall, kDensityCoverage) + 1,
                "fake", fake, kPrecisionRecall + 1);
        double[][] rr = kthNeighbourSquaredRadii(real, new int[] {kPrecisionRecall, kDensityCoverage});
        double[] fr = kthNeighbourSquaredRadii(fake, new int[] {kPrecisionRecall})[0];
        Counts c = count(real, fake, rr[0], rr[1], fr);
        return new Prdc(c.precision(), c.recall(), kPrecisionRecall, c.density(kDensityCoverage), c.coverage(),
                kDensityCoverage);
    }

    /**
     * The k-NN radius of every row of {@code x}: Euclidean distance to its k-th nearest other row
     * (the {@code (k+1)}-th smallest distance including itself). Needs {@code k + 1} or more rows.
     */
    public static double[] kthNeighbourRadii(double[][] x, int k) {
        checkK(k);
        Features.check("x", x, k + 1);
        double[] r = kthNeighbourSquaredRadii(x, new int[] {k})[0];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.sqrt(r[i]);
        }
        return r;
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
    }

    /**
     * Squared radii for each k in {@code ks}. Each unordered pair is measured once and offered to
     * both rows' bounded lists of the {@code kMax + 1} smallest squared distances (self included).
     */
    private static double[][] kthNeighbourSquaredRadii(double[][] x, int[] ks) {
        int n = x.length;
        int kMax = 0;
        for (int k : ks) {
            kMax = Math.max(kMax, k);
        }
        int w = kMax + 1;
        double[] best = new double[n * w]; // row i: best[i*w .. i*w + filled[i]), sorted ascending
        int[] filled = new int[n];
        for (int i = 0; i < n; i++) {
            best[i * w] = 0.0; // itself
            filled[i] = 1;
        }
        for (int i = 0; i < n; i++) {
            double[] a = x[i];
            for (int j = i + 1; j < n; j++) {
                double d = Features.sqDist(a, x[j]);
                offer(best, i * w, filled, i, w, d);
                offer(best, j * w, filled, j, w, d);
            }
        }
        double[][] out = new double[ks.length][n];
        for (int t = 0; t < ks.length; t++) {
            for (int i = 0; i < n; i++) {
                out[t][i] = best[i * w + ks[t]];
            }
        }
        return out;
    }

    private static void offer(double[] best, int off, int[] filled, int row, int w, double d) {
        int len = filled[row];
        if (len < w) {
            insert(best, off, len, d);
            filled[row] = len + 1;
        } else if (d < best[off + w - 1]) {
            insert(best, off, w - 1, d);
        }
    }

    /**
     * Inserts {@code d} into the sorted run {@code best[off .. off+len)}, writing up to
     * {@code best[off+len]} (which is overwritten: the previous largest entry is dropped when full).
     */
    private static void insert(double[] best, int off, int len, double d) {
        int p = off + len;
        while (p > off && best[p - 1] > d) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = d;
    }

    private record Counts(int m, int n, long densityHits, int fakeInReal, int realCovered, int realInFake) {
        double precision() {
            return (double) fakeInReal / m;
        }

        double recall() {
            return (double) realInFake / n;
        }

        double density(int k) {
            return (double) densityHits / ((double) k * m);
        }

        double coverage() {
            return (double) realCovered / n;
        }
    }

    /**
     * One pass over the real-fake pairs. {@code prR2}: real squared radii for precision;
     * {@code dcR2}: real squared radii for density/coverage; {@code fakeR2}: fake squared radii for
     * recall, or null to skip precision and recall.
     */
    private static Counts count(double[][] real, double[][] fake, double[] prR2, double[] dcR2, double[] fakeR2) {
        int n = real.length;
        int m = fake.length;
        boolean[] fakeInReal = new boolean[m];
        boolean[] realInFake = new boolean[n];
        long densityHits = 0;
        int realCovered = 0;
        for (int i = 0; i < n; i++) {
            double[] a = real[i];
            double rp = prR2[i];
            double rd = dcR2[i];
            boolean covered = false;
            boolean inFake = false;
            for (int j = 0; j < m; j++) {
                double d = Features.sqDist(a, fake[j]);
                if (d < rd) {
                    densityHits++;
                    covered = true;
                }
                if (d < rp) {
                    fakeInReal[j] = true;
                }
                if (fakeR2 != null && d < fakeR2[j]) {
                    inFake = true;
                }
            }
            if (covered) {
                realCovered++;
            }
            realInFake[i] = inFake;
        }
        int p = 0;
        for (boolean b : fakeInReal) {
            if (b) {
                p++;
            }
        }
        int r = 0;
        for (boolean b : realInFake) {
            if (b) {
                r++;
            }
        }
        return new Counts(m, n, densityHits, p, realCovered, r);
    }
}
