package org.fedsynth.fl.detect;

import java.util.SplittableRandom;

/**
 * An isolation forest (Liu, Ting and Zhou 2008, "Isolation Forest", ICDM), the outlier detector that
 * FedDetect (Jin and Li, Medical Image Analysis 2023) runs on the clients' local losses.
 *
 * <p>Faithful to the paper and to scikit-learn's {@code IsolationForest}:
 * <ul>
 *   <li>each tree is grown on a subsample of {@code psi = min(maxSamples, n)} rows drawn without
 *       replacement, up to the height limit {@code ceil(log2(max(psi, 2)))};
 *   <li>a node is a leaf when it holds at most one row, reaches the height limit, or all its rows
 *       are identical; otherwise a feature is drawn uniformly among those not constant in the node
 *       and a threshold {@code t} uniformly in {@code [min, max)} of that feature in the node (if
 *       {@code t} rounds to {@code max} it is replaced by {@code min}, as scikit-learn does); rows
 *       with {@code x <= t} go left;
 *   <li>the path length of {@code x} in a tree is the number of edges to its leaf plus
 *       {@code c(size)}, the size being the number of training rows in that leaf;
 *   <li>the score is {@code s(x) = 2^(-E[h(x)] / c(psi))}, where
 *       {@code c(n) = 2 H(n-1) - 2 (n-1) / n}, {@code H(i) = ln(i) + 0.5772156649},
 *       {@code c(1) = 0}, {@code c(2) = 1} (scikit-learn's {@code _average_path_length}); it equals
 *       {@code -score_samples(x)} of scikit-learn up to randomness. Scores near 1 are anomalies,
 *       well below 0.5 normal points.
 * </ul>
 * When {@code psi < 2} nothing can be isolated and every score is 0.5 (scikit-learn returns NaN).
 * Randomness comes only from the seed: the same data and seed give the same scores.
 */
public final class IsolationForest {

    /** Euler's constant, as in scikit-learn. */
    public static final double EULER_GAMMA = 0.5772156649;

    /** A tree node: a leaf has {@code feature < 0}. */
    private record Node(int feature, double threshold, Node left, Node right, int size) {
        boolean leaf() {
            return feature < 0;
        }
    }

    private final Node[] roots;
    private final int psi;
    private final int features;

    private IsolationForest(Node[] roots, int psi, int features) {
        this.roots = roots;
        this.psi = psi;
        this.features = features;
    }

    /**
     * Fits a forest.
     *
     * @param x rows of features, at least one row, all rows of equal length (at least one feature),
     *     all values finite
     * @param trees number of trees, {@code >= 1}
     * @param maxSamples subsample size per tree, {@code >= 1} (the size used is {@code min(maxSamples, n)})
     * @param seed the random seed
     */
    public static IsolationForest fit(double[][] x, int trees, int maxSamples, long seed) {
        int n = validate(x, -1);
        int d = x[0].length;
        if (trees < 1) {
            throw new IllegalArgumentException("isolation forest: trees must be >= 1, found " + trees);
        }
        if (maxSamples < 1) {
            throw new IllegalArgumentException("isolation forest: max_samples must be >= 1, found " + maxSamples);
        }
        int psi = Math.min(maxSamples, n);
        int limit = (int) Math.ceil(Math.log(Math.max(psi, 2)) / Math.log(2));
        SplittableRandom master = new SplittableRandom(seed);
        Node[] roots = new Node[trees];
        int[] all = new int[n];
        for (int t = 0; t < trees; t++) {
            SplittableRandom rng = master.split();
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            // partial Fisher-Yates: the first psi entries are a uniform sample without replacement
            for (int i = 0; i < psi; i++) {
                int j = i + rng.nextInt(n - i);
                int tmp = all[i];
                all[i] = all[j];
                all[j] = tmp;
            }
            int[] idx = new int[psi];
            System.arraycopy(all, 0, idx, 0, psi);
            roots[t] = grow(x, idx, 0, psi, 0, limit, d, rng);
        }
        return new IsolationForest(roots, psi, d);
    }

    private static Node grow(double[][] x, int[] idx, int from, int to, int depth, int limit, int d,
            SplittableRandom rng) {
        int size = to - from;
        if (size <= 1 || depth >= limit) {
            return new Node(-1, Double.NaN, null, null, size);
        }
        double[] lo = new double[d];
        double[] hi = new double[d];
        int varying = 0;
        int[] cand = new int[d];
        for (int f = 0; f < d; f++) {
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double v = x[idx[i]][f];
                if (v < mn) mn = v;
                if (v > mx) mx = v;
            }
            lo[f] = mn;
            hi[f] = mx;
            if (mx > mn) {
                cand[varying++] = f;
            }
        }
        if (varying == 0) {
            return new Node(-1, Double.NaN, null, null, size);
        }
        int f = cand[rng.nextInt(varying)];
        double t = lo[f] + rng.nextDouble() * (hi[f] - lo[f]);
        if (t >= hi[f]) {
            t = lo[f];
        }
        // partition idx[from, to): x <= t to the left
        int i = from;
        int j = to - 1;
        while (i <= j) {
            if (x[idx[i]][f] <= t) {
                i++;
            } else {
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
                j--;
            }
        }
        Node left = grow(x, idx, from, i, depth + 1, limit, d, rng);
        Node right = grow(x, idx, i, to, depth + 1, limit, d, rng);
        return new Node(f, t, left, right, size);
    }

    /** The anomaly scores {@code s(x)} in (0, 1] of the given rows (same number of features as fitted). */
    public double[] score(double[][] x) {
        int n = validate(x, features);
        double[] out = new double[n];
        double cPsi = averagePathLength(psi);
        for (int r = 0; r < n; r++) {
            if (cPsi == 0) {
                out[r] = 0.5;
                continue;
            }
            double sum = 0;
            for (Node root : roots) {
                sum += pathLength(root, x[r]);
            }
            out[r] = Math.pow(2.0, -(sum / roots.length) / cPsi);
        }
        return out;
    }

    /** The mean path length {@code E[h(x)]} of one row over the trees. */
    public double meanPathLength(double[] row) {
        double sum = 0;
        for (Node root : roots) {
            sum += pathLength(root, row);
        }
        return sum / roots.length;
    }

    private static double pathLength(Node node, double[] row) {
        int edges = 0;
        while (!node.leaf()) {
            node = row[node.feature()] <= node.threshold() ? node.left() : node.right();
            edges++;
        }
        return edges + averagePathLength(node.size());
    }

    /** The subsample size used per tree, {@code psi = min(maxSamples, n)}. */
    public int subsampleSize() {
        return psi;
    }

    /** The number of trees. */
    public int trees() {
        return roots.length;
    }

    /**
     * {@code c(n)}, the average path length of an unsuccessful search in a binary search tree of
     * {@code n} nodes: 0 for {@code n <= 1}, 1 for {@code n = 2}, otherwise
     * {@code 2 (ln(n-1) + 0.5772156649) - 2 (n-1) / n} (scikit-learn's {@code _average_path_length}).
     */
    public static double averagePathLength(long n) {
        if (n <= 1) {
            return 0.0;
        }
        if (n == 2) {
            return 1.0;
        }
        return 2.0 * (Math.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n;
    }

    private static int validate(double[][] x, int expectFeatures) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("isolation forest: need at least one row");
        }
        int d = expectFeatures >= 0 ? expectFeatures : (x[0] == null ? 0 : x[0].length);
        if (d < 1) {
            throw new IllegalArgumentException("isolation forest: rows need at least one feature");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r] == null || x[r].length != d) {
                throw new IllegalArgumentException("isolation forest: row " + r + " has "
                        + (x[r] == null ? "no" : String.valueOf(x[r].length)) + " features, expected " + d);
            }
            for (int f = 0; f < d; f++) {
                if (!Double.isFinite(x[r][f])) {
                    throw new IllegalArgumentException("isolation forest: row " + r + " feature " + f
                            + " is not finite: " + x[r][f]);
                }
            }
        }
        return x.length;
    }
}
