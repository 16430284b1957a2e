package org.fedsynth.eval;

import java.util.SplittableRandom;

/**
 * Kernel Inception Distance (Bińkowski, Sutherland, Arbel and Gretton, "Demystifying MMD GANs",
 * ICLR 2018): the unbiased estimate of the squared maximum mean discrepancy with the cubic
 * polynomial kernel
 *
 * <pre>
 *   k(x, y) = (x . y / d + 1)^3
 * </pre>
 *
 * where {@code d} is the feature dimension. For samples {@code X} (size n) and {@code Y} (size m):
 *
 * <pre>
 *   MMD^2_u = sum_{i != i'} k(x_i, x_i') / (n (n - 1)) + sum_{j != j'} k(y_j, y_j') / (m (m - 1))
 *             - 2 sum_{i, j} k(x_i, y_j) / (n m)
 * </pre>
 *
 * <p>As in the authors' code and torch-fidelity, the estimate is averaged over {@code subsets}
 * random subsets: each draws {@code subsetSize} rows of {@code X} and, independently,
 * {@code subsetSize} rows of {@code Y}, without replacement within a subset. The result is the
 * mean over subsets and their standard deviation with divisor {@code subsets} (numpy's
 * {@code np.std}, as torch-fidelity reports it). Subsets are drawn from a {@link SplittableRandom}
 * seeded by the caller, so results are reproducible, but not bit-identical to numpy's sampler.
 * Being unbiased, single estimates can be negative.
 *
 * <p>Cost: {@code subsets * 2 * subsetSize^2 * d} multiply-adds (symmetry halves the two
 * within-set sums).
 */
public final class KernelInceptionDistance {

    /** Default number of subsets (torch-fidelity's {@code kid_subsets}). */
    public static final int DEFAULT_SUBSETS = 100;
    /** Default subset size, capped by both sample sizes (torch-fidelity's {@code kid_subset_size}). */
    public static final int DEFAULT_SUBSET_SIZE = 1000;

    private KernelInceptionDistance() {}

    /**
     * KID over subsets.
     *
     * @param mean       mean of the per-subset MMD^2 estimates
     * @param std        their standard deviation (divisor {@code subsets})
     * @param subsets    number of subsets averaged
     * @param subsetSize rows drawn from each set per subset
     */
    public record Result(double mean, double std, int subsets, int subsetSize) {}

    /** The cubic polynomial kernel {@code (a . b / d + 1)^3} with {@code d = a.length}. */
    public static double kernel(double[] a, double[] b) {
        double t = Features.dot(a, b) / a.length + 1.0;
        return t * t * t;
    }

    /** Unbiased MMD^2 with the cubic kernel between all of {@code x} and all of {@code y} (2 or more rows each). */
    public static double mmd2Unbiased(double[][] x, double[][] y) {
        Features.checkPair("x", x, 2, "y", y, 2);
        return mmd2(x, y);
    }

    /**
     * KID with the defaults: {@value #DEFAULT_SUBSETS} subsets of
     * {@code min(}{@value #DEFAULT_SUBSET_SIZE}{@code , n, m)} rows.
     */
    public static Result of(double[][] x, double[][] y, long seed) {
        return of(x, y, DEFAULT_SUBSETS, DEFAULT_SUBSET_SIZE, seed);
    }

    /**
     * KID averaged over {@code subsets} random subsets of {@code min(subsetSize, n, m)} rows
     * (at least 2) from each set, drawn with the given seed.
     */
    public static Result of(double[][] x, double[][] y, int subsets, int subsetSize, long seed) {
        Features.checkPair("x", x, 2, "y", y, 2);
        if (subsets < 1) {
            throw new IllegalArgumentException("subsets must be >= 1, got " + subsets);
        }
        int size = Math.min(subsetSize, Math.min(x.length, y.length));
        if (size < 2) {
            throw new IllegalArgumentException("subset size must be >= 2, got " + size);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ix = identity(x.length);
        int[] iy = identity(y.length);
        double[][] sx = new double[size][];
        double[][] sy = new double[size][];
        double[] est = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            sample(ix, size, rng);
            sample(iy, size, rng);
            for (int i = 0; i < size; i++) {
                sx[i] = x[ix[i]];
                sy[i] = y[iy[i]];
            }
            est[s] = mmd2(sx, sy);
        }
        double mean = 0;
        for (double e : est) {
            mean += e;
        }
        mean /= subsets;
        double var = 0;
        for (double e : est) {
            var += (e - mean) * (e - mean);
        }
        return new Result(mean, Math.sqrt(var / subsets), subsets, size);
    }

    private static double mmd2(double[][] x, double[][] y) {
        int n = x.length;
        int m = y.length;
        double xx = 2 * offDiagonalHalfSum(x);
        double yy = 2 * offDiagonalHalfSum(y);
        double xy = 0;
        for (double[] a : x) {
            for (double[] b : y) {
                xy += kernel(a, b);
            }
        }
        return xx / ((double) n * (n - 1)) + yy / ((double) m * (m - 1)) - 2 * xy / ((double) n * m);
    }

    private static double offDiagonalHalfSum(double[][] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                s += kernel(x[i], x[j]);
            }
        }
        return s;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Partial Fisher-Yates: afterwards {@code idx[0..k)} is a uniform sample without replacement. */
    private static void sample(int[] idx, int k, SplittableRandom rng) {
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
    }
}
