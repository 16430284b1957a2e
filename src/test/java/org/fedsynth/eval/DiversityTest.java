package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DiversityTest {

    @Test
    void meanPairwiseDistanceByHand() {
        // pairs: (0,0)-(3,4) = 5, (0,0)-(6,8) = 10, (3,4)-(6,8) = 5 -> mean 20/3
        double[][] x = {{0, 0}, {3, 4}, {6, 8}};
        assertEquals(20.0 / 3, Diversity.meanPairwiseDistance(x, 1), 1e-12);
        assertTrue(Double.isNaN(Diversity.meanPairwiseDistance(new double[][] {{1, 2}}, 1)));
        double[][] half = {{0, 0}, {1.5, 2}, {3, 4}};
        assertEquals(0.5, Diversity.ratio(x, half, 1), 1e-12);
    }

    @Test
    void perClassRatiosAndTheOverallMeanOfThem() {
        double[][] real = {{0, 0}, {2, 0}, {10, 10}, {10, 14}};
        int[] rl = {0, 0, 1, 1};
        double[][] fake = {{5, 5}, {6, 5}, {0, 0}, {0, 8}};
        int[] fl = {0, 0, 1, 1};
        Map<String, Double> d = Diversity.perClass(real, rl, fake, fl, 3);
        assertEquals(0.5, d.get("0"), 1e-12);
        assertEquals(2.0, d.get("1"), 1e-12);
        assertEquals(1.25, d.get(FidelityMetrics.OVERALL), 1e-12, "overall = mean of the class ratios");
        assertEquals(java.util.List.of(FidelityMetrics.OVERALL, "0", "1"), java.util.List.copyOf(d.keySet()));
    }

    @Test
    void subsamplesLargeSetsReproducibly() {
        double[][] x = new double[Diversity.MAX_ROWS + 500][];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
        }
        double a = Diversity.meanPairwiseDistance(x, 9);
        assertEquals(a, Diversity.meanPairwiseDistance(x, 9), 0.0);
        // E|X - Y| for 2-D standard normals is sqrt(pi) ~ 1.772
        assertEquals(Math.sqrt(Math.PI), a, 0.05);
    }
}
