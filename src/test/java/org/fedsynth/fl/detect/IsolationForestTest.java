package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

    private static double[][] col(double... v) {
        double[][] x = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            x[i] = new double[] {v[i]};
        }
        return x;
    }

    @Test
    void averagePathLengthMatchesScikitLearn() {
        // sklearn.ensemble._iforest._average_path_length([1, 2, 3, 5, 256]) (scikit-learn 1.2.1)
        assertEquals(0.0, IsolationForest.averagePathLength(0));
        assertEquals(0.0, IsolationForest.averagePathLength(1));
        assertEquals(1.0, IsolationForest.averagePathLength(2));
        assertEquals(1.20739236, IsolationForest.averagePathLength(3), 1e-8);
        assertEquals(2.32702005, IsolationForest.averagePathLength(5), 1e-8);
        assertEquals(10.24477092, IsolationForest.averagePathLength(256), 1e-8);
    }

    @Test
    void twoPointsAreIsolatedAtDepthOne() {
        // each tree: one split separates the two points -> h = 1 + c(1) = 1; c(psi=2) = 1 -> s = 2^-1
        IsolationForest f = IsolationForest.fit(col(0.0, 1.0), 10, 256, 5L);
        assertArrayEquals(new double[] {0.5, 0.5}, f.score(col(0.0, 1.0)), 0.0);
        assertEquals(1.0, f.meanPathLength(new double[] {0.0}), 0.0);
    }

    @Test
    void identicalPointsStayInTheRootLeaf() {
        // no feature varies -> root is a leaf of size 5 -> h = c(5) = c(psi) -> s = 0.5 exactly
        double[][] x = {{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}};
        IsolationForest f = IsolationForest.fit(x, 7, 256, 1L);
        for (double s : f.score(x)) {
            assertEquals(0.5, s, 1e-15);
        }
        assertEquals(IsolationForest.averagePathLength(5), f.meanPathLength(x[0]), 1e-15);
    }

    @Test
    void singleRowScoresOneHalf() {
        IsolationForest f = IsolationForest.fit(col(3.0), 10, 256, 1L);
        assertArrayEquals(new double[] {0.5}, f.score(col(3.0)), 0.0);
    }

    @Test
    void outlierInOneDimensionScoresAboveOneHalf() {
        double[][] x = col(0, 0.1, 0.2, 0.3, 10);
        double[] s = IsolationForest.fit(x, 100, 256, 11L).score(x);
        assertTrue(s[4] > 0.5, Arrays.toString(s));
        for (int i = 0; i < 4; i++) {
            assertTrue(s[i] < 0.5, Arrays.toString(s));
        }
    }

    /*
     * Reference scores: mean of -IsolationForest(n_estimators=5000, random_state=r).fit(X).score_samples(X)
     * over r = 0..3, scikit-learn 1.2.1 (Debian python3-sklearn); the spread over r was below 0.003.
     * Our forest uses 3000 trees; tolerance 0.02 covers the remaining randomness and sklearn's
     * float32 cast of X.
     */

    @Test
    void convergesToScikitLearnOnOneDimensionalData() {
        double[][] x = col(0, 0.1, 0.2, 0.3, 10);
        double[] expected = {0.43476263, 0.35525097, 0.35334107, 0.4290625, 0.73562969};
        assertArrayEquals(expected, IsolationForest.fit(x, 3000, 256, 2L).score(x), 0.02);
    }

    @Test
    void convergesToScikitLearnOnFourLosses() {
        double[][] x = col(0.7, 0.71, 0.69, 3.0);
        double[] expected = {0.32584525, 0.39134628, 0.39448006, 0.68544348};
        assertArrayEquals(expected, IsolationForest.fit(x, 3000, 256, 3L).score(x), 0.02);
    }

    @Test
    void convergesToScikitLearnInTwoDimensions() {
        // numpy RandomState(0).normal(size=(12, 2)) rounded to 3 decimals, last row replaced by (4, 4)
        double[][] x = {{1.764, 0.4}, {0.979, 2.241}, {1.868, -0.977}, {0.95, -0.151}, {-0.103, 0.411},
            {0.144, 1.454}, {0.761, 0.122}, {0.444, 0.334}, {1.494, -0.205}, {0.313, -0.854}, {-2.553, 0.654},
            {4.0, 4.0}};
        double[] expected = {0.418879, 0.50616298, 0.51074051, 0.38939952, 0.41499126, 0.46386146, 0.38127663,
            0.37854547, 0.41553657, 0.47437383, 0.6035607, 0.71104647};
        assertArrayEquals(expected, IsolationForest.fit(x, 3000, 256, 4L).score(x), 0.02);
    }

    @Test
    void sameSeedSameScoresOtherSeedOtherScores() {
        double[][] x = col(0, 0.1, 0.2, 0.3, 10, 0.15, 0.22);
        double[] a = IsolationForest.fit(x, 50, 256, 9L).score(x);
        double[] b = IsolationForest.fit(x, 50, 256, 9L).score(x);
        double[] c = IsolationForest.fit(x, 50, 256, 10L).score(x);
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void subsampleSizeIsMinOfMaxSamplesAndN() {
        double[][] x = col(1, 2, 3, 4, 5);
        assertEquals(3, IsolationForest.fit(x, 5, 3, 1L).subsampleSize());
        assertEquals(5, IsolationForest.fit(x, 5, 256, 1L).subsampleSize());
    }

    @Test
    void scoresAreInvariantUnderPerFeatureAffineRescaling() {
        // why FedDetect offers no median/MAD feature scaling: thresholds are uniform in [min, max]
        double[][] x = {{0.7, 1.0}, {0.71, 1.2}, {0.69, 0.9}, {3.0, 1.1}, {0.72, 5.0}};
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[] {4 * x[i][0] - 1.5, 0.25 * x[i][1] + 3};
        }
        double[] sx = IsolationForest.fit(x, 200, 256, 8L).score(x);
        double[] sy = IsolationForest.fit(y, 200, 256, 8L).score(y);
        assertArrayEquals(sx, sy, 1e-12);
    }

    @Test
    void validatesInput() {
        assertThrows(IllegalArgumentException.class, () -> IsolationForest.fit(new double[0][], 10, 256, 1L));
        assertThrows(IllegalArgumentException.class, () -> IsolationForest.fit(col(1, 2), 0, 256, 1L));
        assertThrows(IllegalArgumentException.class, () -> IsolationForest.fit(col(1, 2), 10, 0, 1L));
        var e = assertThrows(IllegalArgumentException.class, () -> IsolationForest.fit(col(1, Double.NaN), 10, 256, 1L));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> IsolationForest.fit(new double[][] {{1, 2}, {3}}, 10, 256, 1L));
        assertTrue(e2.getMessage().contains("row 1 has 1 features, expected 2"), e2.getMessage());
        IsolationForest f = IsolationForest.fit(col(1, 2), 10, 256, 1L);
        assertThrows(IllegalArgumentException.class, () -> f.score(new double[][] {{1, 2}}));
    }

    @Test
    void contaminationAutoFlagsAboveOneHalf() {
        Contamination c = Contamination.auto();
        assertTrue(c.isAuto());
        assertEquals(0.5, c.threshold(new double[] {0.1, 0.9}));
        assertArrayEquals(new boolean[] {false, false, true}, c.flag(new double[] {0.4, 0.5, 0.51}));
        assertEquals("auto", c.toString());
    }

    @Test
    void contaminationFractionUsesNumpyPercentile() {
        // numpy.percentile([0.1, 0.2, 0.3, 0.4, 0.9], 80) = 0.5 ; numpy.percentile([0.3, 0.1, 0.2, 0.4], 75) = 0.325
        assertEquals(0.5, Contamination.fraction(0.2).threshold(new double[] {0.1, 0.2, 0.3, 0.4, 0.9}), 1e-12);
        assertEquals(0.325, Contamination.percentile(new double[] {0.3, 0.1, 0.2, 0.4}, 75), 1e-12);
        assertArrayEquals(new boolean[] {false, false, false, false, true},
                Contamination.fraction(0.2).flag(new double[] {0.1, 0.2, 0.3, 0.4, 0.9}));
        assertArrayEquals(new boolean[] {true, false, false, true},
                Contamination.fraction(0.5).flag(new double[] {0.3, 0.1, 0.2, 0.4}));
        assertThrows(IllegalArgumentException.class, () -> Contamination.fraction(0.0));
        assertThrows(IllegalArgumentException.class, () -> Contamination.fraction(0.6));
        assertEquals(Contamination.fraction(0.1), Contamination.fraction(0.1));
        assertEquals(Contamination.auto(), Contamination.auto());
    }
}
