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
    void pairedZKeepsTheCovarianceOfTwoScoresOnTheSameSamples() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 60;
        int n = 40;
        double[] xa = new double[m];
        double[] ya = new double[n];
        double[] xb = new double[m];
        double[] yb = new double[n];
        for (int i = 0; i < m; i++) {
            double common = rng.nextGaussian();
            xa[i] = common + 0.8 + 0.3 * rng.nextGaussian();
            xb[i] = common + 0.3 * rng.nextGaussian();
        }
        for (int j = 0; j < n; j++) {
            double common = rng.nextGaussian();
            ya[j] = common + 0.3 * rng.nextGaussian();
            yb[j] = common + 0.3 * rng.nextGaussian();
        }
        // By hand: the components of both AUCs, their covariances, the variance of the difference.
        double[][] pa = psi(xa, ya);
        double[][] pb = psi(xb, yb);
        double[] a10 = rowMeans(pa);
        double[] b10 = rowMeans(pb);
        double[] a01 = rowMeans(transpose(pa));
        double[] b01 = rowMeans(transpose(pb));
        double var = (cov(a10, a10) + cov(b10, b10) - 2 * cov(a10, b10)) / m
                + (cov(a01, a01) + cov(b01, b01) - 2 * cov(a01, b01)) / n;
        double expected = (mean(a10) - mean(b10)) / Math.sqrt(var);
        double z = MembershipAuc.pairedZ(xa, ya, xb, yb);
        assertEquals(expected, z, 1e-9);
        // The shared part makes the paired test far stronger than combining the two errors as independent.
        MembershipAuc a = MembershipAuc.of(xa, ya);
        MembershipAuc b = MembershipAuc.of(xb, yb);
        assertTrue(z > 1.5 * (a.auc() - b.auc()) / Math.hypot(a.se(), b.se()), z + " vs unpaired");
        assertTrue(Double.isNaN(MembershipAuc.pairedZ(xa, ya, xa, ya)));
        assertThrows(IllegalArgumentException.class, () -> MembershipAuc.pairedZ(xa, ya, xb, new double[3]));
    }

    static double[][] psi(double[] x, double[] y) {
        double[][] p = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                p[i][j] = x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
            }
        }
        return p;
    }

    static double[][] transpose(double[][] p) {
        double[][] t = new double[p[0].length][p.length];
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[0].length; j++) {
                t[j][i] = p[i][j];
            }
        }
        return t;
    }

    static double[] rowMeans(double[][] p) {
        double[] r = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            r[i] = mean(p[i]);
        }
        return r;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double cov(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        return s / (a.length - 1);
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
