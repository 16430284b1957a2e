package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void identicalSetsGiveZero() {
        double[][] x = Samples.gaussian(50, 4, 1);
        assertEquals(0.0, FrechetDistance.of(x, x), 1e-9);
    }

    @Test
    void symmetric() {
        double[][] x = Samples.gaussian(40, 3, 2);
        double[][] y = Samples.gaussian(30, 3, new double[] {1, 0, -1}, new double[] {2, 1, 0.5}, 3);
        assertEquals(FrechetDistance.of(x, y), FrechetDistance.of(y, x), 1e-10);
    }

    @Test
    void diagonalCovariancesMatchClosedForm() {
        // Commuting (diagonal) covariances: Tr((S1 S2)^{1/2}) = sum_i sqrt(a_i b_i), so
        // FD = |dmu|^2 + sum_i (sqrt(a_i) - sqrt(b_i))^2 = (1 + 4) + (2 - 1)^2 + (3 - 4)^2 = 7.
        double fd = FrechetDistance.of(new double[] {1, 2}, new double[][] {{4, 0}, {0, 9}},
                new double[] {0, 0}, new double[][] {{1, 0}, {0, 16}});
        assertEquals(7.0, fd, 1e-12);
    }

    @Test
    void nonCommutingTwoByTwoMatchesClosedForm() {
        // For 2x2 SPD S1, S2 the eigenvalues l1, l2 of S1 S2 satisfy l1 + l2 = tr(S1 S2) and
        // l1 l2 = det S1 det S2, so Tr((S1 S2)^{1/2}) = sqrt(l1) + sqrt(l2) = sqrt(tr(S1 S2) + 2 sqrt(det S1 det S2)).
        // S1 = [[2,1],[1,2]], S2 = diag(1,3): S1 S2 = [[2,3],[1,6]], trace 8, dets 3 and 3 -> sqrt(8 + 6).
        double[][] s1 = {{2, 1}, {1, 2}};
        double[][] s2 = {{1, 0}, {0, 3}};
        assertEquals(Math.sqrt(14), FrechetDistance.traceSqrtProduct(s1, s2), 1e-12);
        assertEquals(Math.sqrt(14), FrechetDistance.traceSqrtProduct(s2, s1), 1e-12);
        double fd = FrechetDistance.of(new double[] {0, 0}, s1, new double[] {0, 0}, s2);
        assertEquals(4 + 4 - 2 * Math.sqrt(14), fd, 1e-12);
    }

    @Test
    void singularCovariancesAreSafe() {
        // Zero covariance: Tr((0 S2)^{1/2}) = 0, FD = tr S2.
        double fd = FrechetDistance.of(new double[] {1, 1}, new double[][] {{0, 0}, {0, 0}},
                new double[] {1, 1}, new double[][] {{4, 0}, {0, 1}});
        assertEquals(5.0, fd, 1e-12);
        // Fewer samples than dimensions: rank-deficient covariance, still ~0 against itself.
        double[][] x = Samples.gaussian(3, 6, 4);
        double self = FrechetDistance.of(x, x);
        assertEquals(0.0, self, 1e-9);
        double[][] y = Samples.gaussian(4, 6, 5);
        double xy = FrechetDistance.of(x, y);
        assertTrue(Double.isFinite(xy) && xy > 0, "fd " + xy);
    }

    @Test
    void covarianceIsUnbiasedLikeNumpy() {
        // np.cov([[1,2],[3,4],[5,7]], rowvar=False) = [[4, 5], [5, 57/9]]
        double[][] x = {{1, 2}, {3, 4}, {5, 7}};
        double[][] c = FrechetDistance.covariance(x);
        assertArrayEquals(new double[] {4, 5}, c[0], 1e-12);
        assertArrayEquals(new double[] {5, 57.0 / 9}, c[1], 1e-12);
        assertArrayEquals(new double[] {3, 13.0 / 3}, FrechetDistance.mean(x), 1e-12);
    }

    @Test
    void invariantUnderRotation() {
        // FD is invariant under a common orthogonal transform; a rotation makes the covariances non-diagonal.
        double[][] x = Samples.gaussian(30, 2, new double[] {0, 0}, new double[] {1, 3}, 6);
        double[][] y = Samples.gaussian(25, 2, new double[] {1, -1}, new double[] {2, 0.5}, 7);
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double fd = FrechetDistance.of(x, y);
        assertEquals(fd, FrechetDistance.of(rotate(x, c, s), rotate(y, c, s)), 1e-9 * fd);
    }

    private static double[][] rotate(double[][] x, double c, double s) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[] {c * x[i][0] - s * x[i][1], s * x[i][0] + c * x[i][1]};
        }
        return y;
    }

    @Test
    void largeSamplesApproachPopulationValue() {
        // N((0,0), I) vs N((1,0), 4 I): FD = 1 + 2 * (1 - 2)^2 = 3.
        double[][] x = Samples.gaussian(4000, 2, 8);
        double[][] y = Samples.gaussian(4000, 2, new double[] {1, 0}, new double[] {2, 2}, 9);
        assertEquals(3.0, FrechetDistance.of(x, y), 0.2);
    }

    @Test
    void heldOutRealIsCloserThanNoise() {
        double[][] real = Samples.gaussian(200, 8, 10);
        double[][] heldOut = Samples.gaussian(200, 8, 11);
        double[][] noise = Samples.gaussian(200, 8, new double[8], fill(8, 3.0), 12);
        assertTrue(FrechetDistance.of(real, heldOut) < FrechetDistance.of(real, noise));
    }

    @Test
    void matchesScipyReference() {
        assertEquals(Samples.REF_FD, FrechetDistance.of(Samples.REF_REAL, Samples.REF_FAKE), 1e-9);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.of(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.of(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.of(new double[][] {{1, Double.NaN}, {3, 4}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.of(new double[] {0, 0}, new double[][] {{1, 0.5}, {0, 1}},
                new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}));
    }

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
