package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FidelityMetricsTest {

    private static final FidelityMetrics.Options SMALL = FidelityMetrics.Options.defaults().withKid(5, 10);

    @Test
    void defaultsAreThePapers() {
        FidelityMetrics.Options o = FidelityMetrics.Options.defaults();
        assertEquals(3, o.kPrecisionRecall());
        assertEquals(5, o.kDensityCoverage());
        assertEquals(100, o.kidSubsets());
        assertEquals(1000, o.kidSubsetSize());
        assertThrows(IllegalArgumentException.class, () -> new FidelityMetrics.Options(0, 5, 1, 2, 0));
    }

    @Test
    void computeBundlesTheIndividualMetrics() {
        MetricSet m = FidelityMetrics.compute(Samples.REF_REAL, Samples.REF_FAKE, SMALL.withKid(3, 1000));
        assertEquals(12, m.nReal());
        assertEquals(10, m.nFake());
        assertEquals(3, m.dims());
        assertEquals(Samples.REF_FD, m.fd(), 1e-9);
        assertEquals(Samples.REF_PRDC_K3[0], m.precision(), 1e-12);
        assertEquals(Samples.REF_PRDC_K3[1], m.recall(), 1e-12);
        assertEquals(Samples.REF_PRDC_K5[2], m.density(), 1e-12);
        assertEquals(Samples.REF_PRDC_K5[3], m.coverage(), 1e-12);
        KernelInceptionDistance.Result kid = KernelInceptionDistance.of(Samples.REF_REAL, Samples.REF_FAKE, 3, 1000, 0);
        assertEquals(kid.mean(), m.kidMean());
        assertEquals(kid.std(), m.kidStd());
        assertEquals(10, m.kidSubsetSize());
        assertEquals(3, m.kidSubsets());
        assertEquals(3, m.kPrecisionRecall());
        assertEquals(5, m.kDensityCoverage());
    }

    @Test
    void tooFewSamplesGiveNaNNotErrors() {
        // 4 real, 3 fake: FD and KID defined; P/R need > 3 fakes; D/C need > 5 reals.
        MetricSet m = FidelityMetrics.compute(Samples.line(0, 1, 2, 3), Samples.line(0, 1, 2), SMALL);
        assertTrue(Double.isFinite(m.fd()) && Double.isFinite(m.kidMean()));
        assertTrue(Double.isNaN(m.precision()) && Double.isNaN(m.recall()));
        assertTrue(Double.isNaN(m.density()) && Double.isNaN(m.coverage()));
        MetricSet one = FidelityMetrics.compute(Samples.line(0, 1, 2, 3, 4, 5), Samples.line(0.5), SMALL);
        assertTrue(Double.isNaN(one.fd()) && Double.isNaN(one.kidMean()) && Double.isNaN(one.precision()));
        // k = 5 radii of 0..5 are 5, 4, 3, 3, 4, 5; 0.5 is strictly inside all six balls: density 6 / (5 * 1).
        assertEquals(1.2, one.density(), 1e-15);
        assertEquals(1.0, one.coverage());
        assertThrows(IllegalArgumentException.class, () -> FidelityMetrics.compute(new double[0][], Samples.line(0), SMALL));
    }

    @Test
    void perClassSplitsByLabel() {
        double[][] real = Samples.gaussian(24, 2, 51);
        int[] realLabels = new int[24];
        for (int i = 0; i < 24; i++) {
            realLabels[i] = i % 2 == 0 ? 3 : 1;
        }
        double[][] fake = Samples.gaussian(14, 2, 52);
        int[] fakeLabels = new int[14];
        for (int i = 0; i < 14; i++) {
            fakeLabels[i] = i < 10 ? 1 : 7; // class 3 never generated, class 7 not in the real set
        }
        Map<String, MetricSet> m = FidelityMetrics.perClass(real, realLabels, fake, fakeLabels, SMALL);
        assertEquals(List.of(FidelityMetrics.OVERALL, "1", "3", "7"), List.copyOf(m.keySet()));
        assertEquals(FidelityMetrics.compute(real, fake, SMALL), m.get(FidelityMetrics.OVERALL));

        double[][] real1 = new double[12][];
        for (int i = 0; i < 12; i++) {
            real1[i] = real[2 * i + 1];
        }
        double[][] fake1 = java.util.Arrays.copyOf(fake, 10);
        assertEquals(FidelityMetrics.compute(real1, fake1, SMALL), m.get("1"));

        MetricSet c3 = m.get("3");
        assertEquals(12, c3.nReal());
        assertEquals(0, c3.nFake());
        assertTrue(Double.isNaN(c3.fd()) && Double.isNaN(c3.precision()) && Double.isNaN(c3.coverage()));
        assertEquals(0, m.get("7").nReal());
        assertEquals(4, m.get("7").nFake());
    }
}
