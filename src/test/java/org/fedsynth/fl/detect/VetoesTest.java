package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VetoesTest {

    // client 3 is far above, client 0 far below the others
    private static final double[][] X = {{0.1}, {1.0}, {1.1}, {9.0}, {0.9}};
    private static final boolean[] ALL = {true, true, true, true, true};

    @Test
    void noVetoKeepsEveryOutlier() {
        Vetoes.Flags f = Vetoes.apply(X, ALL, null, false, null);
        assertArrayEquals(ALL, f.flagged());
        assertEquals(5, f.count());
        assertArrayEquals(ALL, f.aboveMedian());
    }

    @Test
    void upperTailVetoesClientsNotAboveTheMedian() {
        Vetoes.Flags f = Vetoes.apply(X, ALL, null, true, null);
        assertArrayEquals(new boolean[] {false, false, true, true, false}, f.flagged());
        assertEquals(2, f.count());
    }

    @Test
    void minRatioAndMinSeparationVetoCloseClients() {
        Vetoes.Flags ratio = Vetoes.apply(X, ALL, null, false, 2.0);
        assertArrayEquals(new boolean[] {false, false, false, true, false}, ratio.flagged());
        assertEquals(9.0 / 0.95, ratio.ratio()[3], 1e-12);
        Vetoes.Flags sep = Vetoes.apply(X, ALL, 3.0, false, null);
        assertEquals(true, sep.flagged()[3]);
        assertEquals(false, sep.flagged()[2]);
    }

    @Test
    void separationIsTheRobustZScoreAndInfiniteWithZeroMad() {
        assertArrayEquals(new double[] {0, 0, Double.POSITIVE_INFINITY},
                Vetoes.separation(new double[][] {{1}, {1}, {2}}), 0.0);
        assertEquals(1.0 / 1.4826, Vetoes.separation(new double[][] {{0}, {1}, {2}})[0], 1e-12);
        assertEquals(2.5, Vetoes.median(new double[] {4, 1, 2, 3}));
    }
}
