package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * Krum scoring (Blanchard et al. 2017): pairwise squared distances between the clients' networks,
 * each client's score (the sum of squared distances to its {@code n - f - 2} nearest others) and the
 * selection of the lowest scores; used by {@link Krum} and FedDetect's {@code krum_score} feature.
 * Pure functions over all tensors of the given networks.
 */
public final class KrumScores {

    private KrumScores() {}

    /**
     * Pairwise squared Euclidean distances between the networks, over all tensors, computed in
     * double precision; {@code d[i][j] == d[j][i]}, {@code d[i][i] == 0}.
     */
    public static double[][] pairwiseSquaredDistances(List<ModelWeights> models) {
        Aggregate.requireSameLayout(models, "pairwiseSquaredDistances");
        int n = models.size();
        double[][] d = new double[n][n];
        int[][] pairs = new int[n * (n - 1) / 2][];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs[p++] = new int[] {i, j};
            }
        }
        IntStream range = IntStream.range(0, pairs.length);
        if ((long) pairs.length * models.get(0).numel() > Aggregate.PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        range.forEach(q -> {
            int i = pairs[q][0];
            int j = pairs[q][1];
            double s = Norms.squaredDistance(models.get(i), models.get(j));
            d[i][j] = s;
            d[j][i] = s;
        });
        return d;
    }

    /**
     * Krum scores (Blanchard et al. 2017, "Machine learning with adversaries: Byzantine tolerant
     * gradient descent"): for each model, the sum of squared distances to its {@code n - f - 2}
     * nearest other models.
     *
     * @throws IllegalArgumentException unless {@code f >= 0} and {@code n > 2f + 2}
     */
    public static double[] krumScores(List<ModelWeights> models, int f) {
        int n = models == null ? 0 : models.size();
        requireKrum(n, f);
        return krumScores(pairwiseSquaredDistances(models), f);
    }

    /** Krum scores from a precomputed squared-distance matrix (see {@link #krumScores(List, int)}). */
    public static double[] krumScores(double[][] sqDist, int f) {
        int n = sqDist.length;
        requireKrum(n, f);
        int nb = n - f - 2;
        double[] scores = new double[n];
        double[] row = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int r = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[r++] = sqDist[i][j];
                }
            }
            Arrays.sort(row);
            double s = 0;
            for (int q = 0; q < nb; q++) {
                s += row[q];
            }
            scores[i] = s;
        }
        return scores;
    }

    /**
     * Indices of the {@code m} models with the lowest Krum scores, in increasing score order (ties
     * broken by lower index). {@code m = 1} is Krum, {@code m > 1} Multi-Krum.
     *
     * @throws IllegalArgumentException unless {@code n > 2f + 2} and {@code 1 <= m <= n - f}
     */
    public static int[] krumSelect(List<ModelWeights> models, int f, int m) {
        return lowest(krumScores(models, f), f, m);
    }

    /** The {@code m} indices with lowest scores (ties by index), validating {@code 1 <= m <= n - f}. */
    static int[] lowest(double[] scores, int f, int m) {
        int n = scores.length;
        if (m < 1 || m > n - f) {
            throw new IllegalArgumentException("krum m must be in [1, n - f] = [1, " + (n - f) + "], found m=" + m);
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(scores[a], scores[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** Fails unless {@code f >= 0} and {@code n > 2f + 2}. */
    public static void requireKrum(int n, int f) {
        if (f < 0) {
            throw new IllegalArgumentException("krum f must be >= 0, found f=" + f);
        }
        if (n <= 2 * f + 2) {
            throw new IllegalArgumentException("krum needs n > 2f + 2 clients, found n=" + n + ", f=" + f);
        }
    }

}
