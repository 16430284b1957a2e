package org.fedsynth.eval.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AUC and DeLong's variance against their pairwise definitions; quantiles and nearest neighbours by brute force. */
class MembershipAucTest {

    @Test
    void aucAndDeLongVarianceMatchThePairwiseDefinitionsWithTies() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[37];
        double[] y = new double[23];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.floor(rng.nextDouble() * 10 + 2); // integers: many ties
        }
        for (int j = 0; j < y.length; j++) {
            y[j] = Math.floor(rng.nextDouble() * 10);
        }
        MembershipAuc a = MembershipAuc.of(x, y);
        // Pairwise: psi = 1, 1/2, 0; V10_i = mean_j psi, V01_j = mean_i psi.
        int m = x.length;
        int n = y.length;
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        double auc = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double psi = x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
                v10[i] += psi / n;
                v01[j] += psi / m;
                auc += psi / (m * (double) n);
            }
        }
        double var = sampleVar(v10) / m + sampleVar(v01) / n;
        assertEquals(auc, a.auc(), 1e-12);
        assertEquals(Math.sqrt(var), a.se(), 1e-12);
        assertEquals(auc - MembershipAuc.Z95 * Math.sqrt(var), a.lower(), 1e-12);
        assertEquals(Math.min(1, auc + MembershipAuc.Z95 * Math.sqrt(var)), a.upper(), 1e-12);
        assertEquals(37, a.members());
    }

    @Test
    void separatedAndIdenticalScores() {
        MembershipAuc sep = MembershipAuc.of(new double[] {5, 6, 7}, new double[] {1, 2});
        assertEquals(1.0, sep.auc(), 0);
        assertEquals(1.0, sep.upper(), 0);
        MembershipAuc same = MembershipAuc.of(new double[] {1, 1, 1}, new double[] {1, 1});
        assertEquals(0.5, same.auc(), 0);
        assertFalse(same.signal());
        assertTrue(Double.isNaN(MembershipAuc.of(new double[0], new double[] {1}).auc()));
        MembershipAuc one = MembershipAuc.of(new double[] {2}, new double[] {1, 3});
        assertEquals(0.5, one.auc(), 0);
        assertTrue(Double.isNaN(one.lower()), "no interval from one member");
    }

    @Test
    void quantilesByTheInvertedCdf() {
        double[] v = {5, 1, 4, 2, 3};
        assertEquals(1, Quantiles.of(v, 0.0), 0);
        assertEquals(1, Quantiles.of(v, 0.05), 0);
        assertEquals(1, Quantiles.of(v, 0.2), 0);
        assertEquals(2, Quantiles.of(v, 0.21), 0);
        assertEquals(3, Quantiles.of(v, 0.5), 0);
        assertEquals(5, Quantiles.of(v, 1.0), 0);
        // Weight 4 on the value 5 (total 8): cumulative 4 is reached at 4, past it the quantile is 5.
        assertEquals(4, Quantiles.weighted(v, new double[] {4, 1, 1, 1, 1}, 0.5), 0);
        assertEquals(5, Quantiles.weighted(v, new double[] {4, 1, 1, 1, 1}, 0.51), 0);
        assertEquals(4, Quantiles.weighted(v, new double[] {0, 1, 1, 1, 1}, 1.0), 0, "weight 0 ignored");
        assertTrue(Double.isNaN(Quantiles.of(new double[0], 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.of(v, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.weighted(v, new double[] {1, 1, 1, 1, -1}, 0.5));
    }

    @Test
    void nearestNeighboursMatchBruteForce() {
        SplittableRandom rng = new SplittableRandom(9);
        double[][] q = random(rng, 57, 13);
        double[][] r = random(rng, 41, 13);
        r[7] = q[3].clone(); // an exact copy
        int[][] groups = new int[r.length][];
        for (int j = 0; j < r.length; j++) {
            groups[j] = j % 5 == 0 ? new int[] {0, 1, 2} : new int[] {j % 3};
        }
        NearestNeighbours.Scan s = NearestNeighbours.scan(q, r, groups, 3);
        for (int i = 0; i < q.length; i++) {
            double[] d = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                double sum = 0;
                for (int t = 0; t < 13; t++) {
                    sum += (q[i][t] - r[j][t]) * (q[i][t] - r[j][t]);
                }
                d[j] = Math.sqrt(sum);
            }
            double[] sorted = d.clone();
            java.util.Arrays.sort(sorted);
            assertEquals(sorted[0], s.d1()[i], 1e-12);
            assertEquals(sorted[1], s.d2()[i], 1e-12);
            assertEquals(sorted[0], d[s.nearest()[i]], 1e-12);
            for (int g = 0; g < 3; g++) {
                int gg = g;
                double[] in = java.util.stream.IntStream.range(0, r.length)
                        .filter(j -> java.util.Arrays.stream(groups[j]).anyMatch(v -> v == gg)).mapToDouble(j -> d[j]).sorted()
                        .toArray();
                assertEquals(in[0], s.groupD1()[g][i], 1e-12);
                assertEquals(in[1], s.groupD2()[g][i], 1e-12);
            }
        }
        assertEquals(0.0, s.d1()[3], 0, "the copy is at distance 0");
        assertEquals(7, s.nearest()[3]);
        assertEquals(0.0, s.refMin()[7], 0);
        assertEquals(3, s.refNearest()[7]);
        for (int j = 0; j < r.length; j++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] row : q) {
                best = Math.min(best, NearestNeighbours.distance(row, r[j]));
            }
            assertEquals(best, s.refMin()[j], 1e-12);
        }
        assertArrayEquals(new int[] {7}, NearestNeighbours.kNearest(q[3], r, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NearestNeighbours.scan(q, new double[][] {{1, 2}}, null, 0));
        assertTrue(e.getMessage().contains("reference rows have 2 values"), e.getMessage());
    }

    static double[][] random(SplittableRandom rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return x;
    }

    static double sampleVar(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }
}
