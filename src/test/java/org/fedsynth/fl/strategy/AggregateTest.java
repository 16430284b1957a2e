package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.junit.jupiter.api.Test;

class AggregateTest {

    @Test
    void weightedMeanOfTwoTensors() {
        // Arrange
        List<ModelWeights> ms = List.of(
                W.two(W.f(1, 2), W.f(10)),
                W.two(W.f(3, 4), W.f(20)),
                W.two(W.f(5, 6), W.f(30)));
        double[] w = {0.5, 0.25, 0.25};
        // Act
        ModelWeights out = Aggregate.weightedMean(ms, w);
        // Assert: 0.5*1+0.25*3+0.25*5 = 2.5 ; 0.5*2+0.25*4+0.25*6 = 3.5 ; 0.5*10+0.25*20+0.25*30 = 17.5
        assertArrayEquals(W.f(2.5, 3.5), out.get("w").data(), 1e-6f);
        assertArrayEquals(W.f(17.5), out.get("bn.running_mean").data(), 1e-6f);
        assertEquals(List.of("w", "bn.running_mean"), out.names());
    }

    @Test
    void weightedMeanDoesNotMutateInputs() {
        ModelWeights a = W.of(1, 2);
        ModelWeights b = W.of(3, 4);
        Aggregate.weightedMean(List.of(a, b), new double[] {0.5, 0.5});
        assertArrayEquals(W.f(1, 2), a.get("w").data());
        assertArrayEquals(W.f(3, 4), b.get("w").data());
    }

    @Test
    void weightedMeanRejectsLayoutMismatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Aggregate.weightedMean(List.of(W.of(1, 2), W.of(1, 2, 3)), new double[] {0.5, 0.5}));
        assertEquals(true, e.getMessage().contains("model 1 differs"), e.getMessage());
    }

    @Test
    void weightedMeanLargeParallelPathMatchesSerialFormula() {
        // Arrange: more than PARALLEL_THRESHOLD values over two tensors with a ragged last chunk
        int n1 = (int) Aggregate.PARALLEL_THRESHOLD + 12345;
        int n2 = 777;
        List<ModelWeights> ms = new ArrayList<>();
        Random r = new Random(1);
        for (int k = 0; k < 3; k++) {
            float[] a = new float[n1];
            float[] b = new float[n2];
            for (int i = 0; i < n1; i++) a[i] = r.nextFloat();
            for (int i = 0; i < n2; i++) b[i] = r.nextFloat();
            ms.add(new ModelWeights(List.of(new Tensor("a", new long[] {n1}, a), new Tensor("b", new long[] {n2}, b))));
        }
        double[] w = {0.2, 0.3, 0.5};
        // Act
        ModelWeights out = Aggregate.weightedMean(ms, w);
        // Assert
        for (String name : List.of("a", "b")) {
            float[] o = out.get(name).data();
            for (int i = 0; i < o.length; i += 997) {
                double e = 0;
                for (int k = 0; k < 3; k++) e += w[k] * ms.get(k).get(name).data()[i];
                assertEquals(e, o[i], 1e-6, name + "[" + i + "]");
            }
            int last = o.length - 1;
            double e = 0;
            for (int k = 0; k < 3; k++) e += w[k] * ms.get(k).get(name).data()[last];
            assertEquals(e, o[last], 1e-6);
        }
    }

    @Test
    void medianOddCount() {
        List<ModelWeights> ms = List.of(W.of(1, 9), W.of(100, 8), W.of(3, -7));
        // per coordinate: median(1,100,3)=3, median(9,8,-7)=8
        assertArrayEquals(W.f(3, 8), Aggregate.coordinateMedian(ms).get("w").data());
    }

    @Test
    void medianEvenCountAveragesMiddlePair() {
        List<ModelWeights> ms = List.of(W.of(1, 0), W.of(4, 0), W.of(2, 5), W.of(100, 5));
        // sorted (1,2,4,100) -> (2+4)/2 = 3 ; (0,0,5,5) -> 2.5
        assertArrayEquals(W.f(3, 2.5), Aggregate.coordinateMedian(ms).get("w").data());
    }

    @Test
    void trimmedMeanDropsExtremesPerCoordinate() {
        List<ModelWeights> ms = List.of(W.of(1, 50), W.of(2, 40), W.of(3, 30), W.of(4, 20), W.of(1000, -1000));
        // beta 0.2, n 5 -> k 1: (2+3+4)/3 = 3 ; sorted (-1000,20,30,40,50) -> (20+30+40)/3 = 30
        ModelWeights out = Aggregate.trimmedMean(ms, 0.2);
        assertArrayEquals(W.f(3, 30), out.get("w").data(), 1e-6f);
        assertEquals(1, Aggregate.trimCount(5, 0.2));
        assertEquals(0, Aggregate.trimCount(4, 0.2));
    }

    @Test
    void trimmedMeanBetaZeroIsPlainMean() {
        List<ModelWeights> ms = List.of(W.of(1), W.of(2), W.of(6));
        assertArrayEquals(W.f(3), Aggregate.trimmedMean(ms, 0.0).get("w").data(), 1e-6f);
    }

    @Test
    void trimmedMeanRejectsBadBeta() {
        List<ModelWeights> ms = List.of(W.of(1), W.of(2));
        assertThrows(IllegalArgumentException.class, () -> Aggregate.trimmedMean(ms, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Aggregate.trimmedMean(ms, -0.1));
    }

    @Test
    void selectAgreesWithSortOnRandomArraysWithTies() {
        Random r = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(60);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = r.nextInt(8);
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int rank = r.nextInt(n);
            float[] b = a.clone();
            Aggregate.select(b, 0, n - 1, rank);
            assertEquals(sorted[rank], b[rank]);
            for (int i = 0; i < rank; i++) assertEquals(true, b[i] <= b[rank]);
            for (int i = rank + 1; i < n; i++) assertEquals(true, b[i] >= b[rank]);
        }
    }

    @Test
    void medianAndTrimmedMeanMatchSortBasedReference() {
        Random r = new Random(3);
        int n = 9;
        int d = 40;
        List<ModelWeights> ms = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] v = new float[d];
            for (int i = 0; i < d; i++) v[i] = (float) r.nextGaussian();
            ms.add(W.of(v));
        }
        float[] med = Aggregate.coordinateMedian(ms).get("w").data();
        float[] tm = Aggregate.trimmedMean(ms, 0.25).get("w").data(); // k = 2
        for (int i = 0; i < d; i++) {
            float[] col = new float[n];
            for (int k = 0; k < n; k++) col[k] = ms.get(k).get("w").data()[i];
            Arrays.sort(col);
            assertEquals(col[4], med[i]);
            double s = 0;
            for (int k = 2; k < n - 2; k++) s += col[k];
            assertEquals(s / 5, tm[i], 1e-6);
        }
    }

    /** Models [v, 0] for v = 0, 1, 2, 3, 100. */
    private static List<ModelWeights> krumModels() {
        return List.of(W.of(0, 0), W.of(1, 0), W.of(2, 0), W.of(3, 0), W.of(100, 0));
    }

    @Test
    void krumScoresSumNearestSquaredDistances() {
        // n=5, f=1 -> 2 nearest neighbours.
        // 0: 1+4=5 ; 1: 1+1=2 ; 2: 1+1=2 ; 3: 1+4=5 ; 100: 97^2+98^2 = 9409+9604 = 19013
        double[] s = KrumScores.krumScores(krumModels(), 1);
        assertArrayEquals(new double[] {5, 2, 2, 5, 19013}, s, 1e-9);
    }

    @Test
    void krumSelectLowestScoresTiesByIndex() {
        assertArrayEquals(new int[] {1}, KrumScores.krumSelect(krumModels(), 1, 1));
        assertArrayEquals(new int[] {1, 2, 0}, KrumScores.krumSelect(krumModels(), 1, 3));
    }

    @Test
    void krumNeedsEnoughClients() {
        List<ModelWeights> four = krumModels().subList(0, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> KrumScores.krumScores(four, 1));
        assertEquals("krum needs n > 2f + 2 clients, found n=4, f=1", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> KrumScores.krumSelect(krumModels(), 1, 5));
        assertEquals("krum m must be in [1, n - f] = [1, 4], found m=5", e2.getMessage());
    }

    @Test
    void normsAndClipping() {
        ModelWeights base = W.two(W.f(1, 1), W.f(0));
        ModelWeights m = W.two(W.f(4, 1), W.f(4)); // delta (3, 0, 4), norm 5
        assertEquals(5.0, Norms.l2Distance(m, base), 1e-12);
        assertEquals(25.0, Norms.squaredDistance(m, base), 1e-12);
        assertEquals(Math.sqrt(1 + 1 + 0), Norms.l2Norm(base), 1e-12);
        assertEquals(0.2, Norms.clipFactor(5.0, 1.0), 1e-12);
        assertEquals(1.0, Norms.clipFactor(0.5, 1.0), 1e-12);
        ModelWeights c = Norms.scaleDelta(base, m, 0.2);
        assertArrayEquals(W.f(1.6, 1), c.get("w").data(), 1e-6f);
        assertArrayEquals(W.f(0.8), c.get("bn.running_mean").data(), 1e-6f);
        assertEquals(1.0, Norms.l2Distance(c, base), 1e-6);
        assertSame(m, Norms.scaleDelta(base, m, 1.0));
    }
}
