package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ManifoldMetricsTest {

    @Test
    void radiiOnALine() {
        double[][] x = Samples.line(0, 1, 2, 3, 4, 5);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, ManifoldMetrics.kthNeighbourRadii(x, 1), 0);
        // k = 2: the ends' second neighbour is 2 away; inner points have two neighbours at 1.
        assertArrayEquals(new double[] {2, 1, 1, 1, 1, 2}, ManifoldMetrics.kthNeighbourRadii(x, 2), 0);
        assertArrayEquals(new double[] {3, 2, 2, 2, 2, 3}, ManifoldMetrics.kthNeighbourRadii(x, 3), 0);
        // Unsorted input gives the same radii per point.
        assertArrayEquals(new double[] {1, 2, 2, 1}, ManifoldMetrics.kthNeighbourRadii(Samples.line(1, 5, 3, 0), 1), 0);
    }

    @Test
    void duplicatesAreNeighboursAtZero() {
        // prdc convention: the (k+1)-th smallest distance including self, so a duplicate is a neighbour.
        assertArrayEquals(new double[] {0, 0, 0, 5}, ManifoldMetrics.kthNeighbourRadii(Samples.line(0, 0, 0, 5), 1), 0);
        assertArrayEquals(new double[] {0, 0, 0, 5}, ManifoldMetrics.kthNeighbourRadii(Samples.line(0, 0, 0, 5), 2), 0);
        assertArrayEquals(new double[] {5, 5, 5, 5}, ManifoldMetrics.kthNeighbourRadii(Samples.line(0, 0, 0, 5), 3), 0);
    }

    @Test
    void identicalSetsAreFullyPreciseAndCovered() {
        double[][] x = Samples.gaussian(40, 3, 41);
        ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(x, x, 3, 5);
        assertEquals(1.0, p.precision());
        assertEquals(1.0, p.recall());
        assertEquals(1.0, p.coverage());
        // Without ties exactly k points (itself and k - 1 neighbours) are strictly inside each real ball.
        assertEquals(1.0, p.density(), 1e-15);
    }

    @Test
    void farAwayFakesScoreZero() {
        double[][] real = Samples.gaussian(30, 2, 42);
        double[][] fake = Samples.shift(Samples.gaussian(30, 2, 43), 100);
        ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(real, fake, 3, 5);
        assertEquals(new ManifoldMetrics.Prdc(0, 0, 3, 0, 0, 5), p);
    }

    @Test
    void handComputedLine() {
        // Real 0..5, k = 1: every radius is 1. Fake {0.5, 2.5}, fake radii (k = 1) both 2.
        // Fake 0.5 lies in the balls of reals 0 and 1, fake 2.5 in those of 2 and 3:
        //   precision 2/2 = 1, density 4 / (1 * 2) = 2, coverage {0,1,2,3} = 4/6.
        // Recall: reals within 2 of a fake (strictly): 0, 1, 2, 3, 4 (1.5 from 2.5); 5 is 2.5 away -> 5/6.
        double[][] real = Samples.line(0, 1, 2, 3, 4, 5);
        double[][] fake = Samples.line(0.5, 2.5);
        ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(real, fake, 1, 1);
        assertEquals(1.0, p.precision());
        assertEquals(5.0 / 6, p.recall(), 1e-15);
        assertEquals(2.0, p.density());
        assertEquals(4.0 / 6, p.coverage(), 1e-15);
    }

    @Test
    void membershipIsStrict() {
        // Real {0, 1, 2}, k = 1: radii 1. A fake exactly 1 away from 2 is outside (prdc uses '<').
        double[][] real = Samples.line(0, 1, 2);
        ManifoldMetrics.DensityCoverage on = ManifoldMetrics.densityCoverage(real, Samples.line(3), 1);
        assertEquals(0.0, on.density());
        assertEquals(0.0, on.coverage());
        ManifoldMetrics.DensityCoverage in = ManifoldMetrics.densityCoverage(real, Samples.line(2.999), 1);
        assertEquals(1.0, in.density());
        assertEquals(1.0 / 3, in.coverage(), 1e-15);
        assertEquals(0.0, ManifoldMetrics.precisionRecall(real, Samples.line(3, 4), 1).precision());
        assertEquals(0.5, ManifoldMetrics.precisionRecall(real, Samples.line(2.999, 4), 1).precision());
    }

    @Test
    void halfCoverage() {
        // Two clusters of real points on a line, k = 1 (radii 1); the fakes copy the first cluster.
        double[][] real = Samples.line(0, 1, 2, 3, 10, 11, 12, 13);
        double[][] fake = Samples.line(0, 1, 2, 3);
        ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(real, fake, 1, 1);
        assertEquals(1.0, p.precision());
        assertEquals(0.5, p.recall());
        assertEquals(0.5, p.coverage());
        // Each fake lies only in its twin's ball (neighbours are exactly 1 away): density 4 / (1 * 4).
        assertEquals(1.0, p.density());
    }

    @Test
    void gridDensityCountsOverlappingBalls() {
        // 3 x 3 integer grid, k = 1: every radius is 1.
        double[][] grid = new double[9][];
        for (int i = 0; i < 9; i++) {
            grid[i] = new double[] {i / 3, i % 3};
        }
        ManifoldMetrics.DensityCoverage centre = ManifoldMetrics.densityCoverage(grid, new double[][] {{1, 1}}, 1);
        assertEquals(1.0, centre.density());
        assertEquals(1.0 / 9, centre.coverage(), 1e-15);
        // (0.5, 0.5) is sqrt(0.5) < 1 from the four corners of its cell.
        ManifoldMetrics.DensityCoverage cell = ManifoldMetrics.densityCoverage(grid, new double[][] {{0.5, 0.5}}, 1);
        assertEquals(4.0, cell.density());
        assertEquals(4.0 / 9, cell.coverage(), 1e-15);
    }

    @Test
    void onePassEqualsSeparateCalls() {
        double[][] real = Samples.gaussian(30, 3, 44);
        double[][] fake = Samples.gaussian(25, 3, new double[] {0.5, 0, 0}, new double[] {1, 1.5, 1}, 45);
        ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(real, fake, 3, 5);
        ManifoldMetrics.PrecisionRecall pr = ManifoldMetrics.precisionRecall(real, fake, 3);
        ManifoldMetrics.DensityCoverage dc = ManifoldMetrics.densityCoverage(real, fake, 5);
        assertEquals(pr.precision(), p.precision());
        assertEquals(pr.recall(), p.recall());
        assertEquals(dc.density(), p.density());
        assertEquals(dc.coverage(), p.coverage());
    }

    @Test
    void matchesPrdcReference() {
        assertArrayEquals(Samples.REF_RADII_K3, ManifoldMetrics.kthNeighbourRadii(Samples.REF_REAL, 3), 1e-12);
        ManifoldMetrics.Prdc p3 = ManifoldMetrics.prdc(Samples.REF_REAL, Samples.REF_FAKE, 3, 3);
        assertArrayEquals(Samples.REF_PRDC_K3, new double[] {p3.precision(), p3.recall(), p3.density(), p3.coverage()}, 1e-12);
        ManifoldMetrics.Prdc p5 = ManifoldMetrics.prdc(Samples.REF_REAL, Samples.REF_FAKE, 5, 5);
        assertArrayEquals(Samples.REF_PRDC_K5, new double[] {p5.precision(), p5.recall(), p5.density(), p5.coverage()}, 1e-12);
    }

    @Test
    void rejectsTooFewPoints() {
        assertThrows(IllegalArgumentException.class, () -> ManifoldMetrics.kthNeighbourRadii(Samples.line(0, 1, 2), 3));
        assertThrows(IllegalArgumentException.class, () -> ManifoldMetrics.precisionRecall(Samples.line(0, 1, 2, 3), Samples.line(0, 1), 3));
        assertThrows(IllegalArgumentException.class, () -> ManifoldMetrics.densityCoverage(Samples.line(0, 1), Samples.line(0), 0));
    }
}
