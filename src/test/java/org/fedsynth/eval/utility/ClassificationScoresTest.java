package org.fedsynth.eval.utility;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ClassificationScoresTest {

    @Test
    void handCheckedTwoClassScores() {
        // Arrange: labels 0,0,0,1 with p(class 1) = 0.1, 0.6, 0.3, 0.8
        double[][] p = {{0.9, 0.1}, {0.4, 0.6}, {0.7, 0.3}, {0.2, 0.8}};
        int[] y = {0, 0, 0, 1};
        // Act
        ClassificationScores s = ClassificationScores.of(p, y);
        // Assert: 3 of 4 right; recall 2/3 for class 0 and 1 for class 1; the positive outranks all negatives
        assertEquals(0.75, s.accuracy(), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, s.balancedAccuracy(), 1e-12);
        assertEquals(1.0, s.auc(), 1e-12);
    }

    @Test
    void aucCountsTiesHalfAndIsNaNWithOneClass() {
        assertEquals(0.5, ClassificationScores.auc(new double[] {0.5, 0.5}, new int[] {0, 1}, 1), 1e-12);
        // positives {0.2, 0.9}, negatives {0.5}: one of two pairs ordered right
        assertEquals(0.5, ClassificationScores.auc(new double[] {0.2, 0.5, 0.9}, new int[] {1, 0, 1}, 1), 1e-12);
        assertTrue(Double.isNaN(ClassificationScores.auc(new double[] {0.2, 0.3}, new int[] {1, 1}, 1)));
    }

    @Test
    void threeClassesUseMacroOneVsRest() {
        double[][] p = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}};
        ClassificationScores s = ClassificationScores.of(p, new int[] {0, 1, 2});
        assertEquals(1.0, s.accuracy(), 1e-12);
        assertEquals(1.0, s.auc(), 1e-12);
    }

    @Test
    void meanAndSampleSd() {
        assertEquals(2.0, UtilityStudy.mean(new double[] {1, 2, 3}), 1e-12);
        assertEquals(1.0, UtilityStudy.sd(new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, UtilityStudy.sd(new double[] {5}), 0.0);
    }
}
