package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForestRuleTest {

    private static final double[][] X = {{1.0}, {1.01}, {0.99}, {1.02}, {0.98}, {1.0}, {5.0}};

    @Test
    void autoFlagsScoresAboveHalfAndTheOutlierStandsOut() {
        ForestRule.Scores s = ForestRule.apply(X, 100, 256, Contamination.auto(), 42);
        assertEquals(0.5, s.threshold());
        boolean[] expected = new boolean[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = s.scores()[i] > 0.5;
        }
        assertArrayEquals(expected, s.outlier());
        assertEquals(true, s.outlier()[6]);
        assertArrayEquals(IsolationForest.fit(X, 100, 256, 42).score(X), s.scores(), 0.0);
    }

    @Test
    void fractionUsesThePercentileThreshold() {
        ForestRule.Scores s = ForestRule.apply(X, 50, 256, Contamination.fraction(0.2), 3);
        assertEquals(Contamination.percentile(s.scores(), 80.0), s.threshold(), 0.0);
        int flagged = 0;
        for (boolean b : s.outlier()) {
            flagged += b ? 1 : 0;
        }
        assertEquals(true, flagged >= 1 && flagged <= 2, "about q n flagged: " + flagged);
    }
}
