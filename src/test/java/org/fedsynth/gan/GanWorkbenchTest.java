package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.junit.jupiter.api.Test;

class GanWorkbenchTest {

    static BatchSource randomSource(int channels, int res, int n) {
        return new BatchSource() {
            public int size() { return n; }
            public RealBatch next(int b, Random rng) {
                float[] px = new float[b * channels * res * res];
                int[] lab = new int[b];
                for (int i = 0; i < b; i++) {
                    lab[i] = rng.nextInt(2);
                    for (int j = 0; j < channels * res * res; j++) {
                        px[i * channels * res * res + j] = lab[i] == 0 ? -0.5f : 0.5f;
                    }
                }
                return new RealBatch(px, lab);
            }
        };
    }

    @Test
    void stepsChangeWeightsAndKeepLossesFinite() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(8))) {
            ModelWeights g0 = wb.initialGenerator(1);
            wb.loadGenerator(g0);
            wb.loadDiscriminator(wb.initialDiscriminator(2));
            long t = System.nanoTime();
            LocalStats st = wb.train(randomSource(1, 32, 64), 3, new Random(3));
            System.out.println("3 steps " + (System.nanoTime() - t) / 1e6 + " ms " + st);
            assertTrue(Double.isFinite(st.lossGMean()));
            assertTrue(Double.isFinite(st.lossDMean()));
            ModelWeights g1 = wb.generatorWeights();
            assertNull(g0.layoutMismatch(g1));
            assertFalse(java.util.Arrays.equals(g0.flatten(), g1.flatten()));
            assertEquals(3, wb.generatorOptimizer().step());
        }
    }

    @Test
    void drawingInsideARecordingScopeRecordsNothingAndLeavesTheScopeRecording() throws Exception {
        GanSpec spec = GanSpec.of(32, 1, 2, 16);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(8))) {
            wb.loadGenerator(wb.initialGenerator(4));
            float[] z = GanWorkbench.gaussian(6 * spec.zDim(), new Random(5));
            int[] labels = {0, 1, 0, 1, 1, 0};
            float[] plain = wb.generate(z, labels);
            float[][] recorded = new float[1][];
            boolean[] modes = new boolean[2];
            // a thread of its own, as the server's probe workers draw; recording on, as a training thread has it
            Thread t = new Thread(() -> {
                try (GradientScope scope = new GradientScope()) {
                    recorded[0] = wb.generate(z, labels);
                    modes[0] = GradientScope.recording();
                }
                modes[1] = GradientScope.withoutRecording(GradientScope::recording);
            });
            t.start();
            t.join();
            assertArrayEquals(plain, recorded[0], "the same images whether or not the caller records");
            assertTrue(modes[0], "the caller's recording is restored after the draw");
            assertFalse(modes[1], "nothing is recorded inside withoutRecording");
        }
    }

    private static ModelWeights filled(ModelWeights like, float value) {
        java.util.List<org.fedsynth.fl.Tensor> out = new java.util.ArrayList<>();
        for (org.fedsynth.fl.Tensor t : like.tensors()) {
            float[] d = new float[t.data().length];
            java.util.Arrays.fill(d, value);
            out.add(t.withData(d));
        }
        return new ModelWeights(out);
    }

    @Test
    void aFreshOptimizerHasZeroMomentsEvenAfterNonFiniteOnes() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(8))) {
            AdamState fresh = wb.generatorOptimizer();
            ModelWeights nan = filled(fresh.firstMoment(), Float.NaN);
            ModelWeights inf = filled(fresh.secondMoment(), Float.POSITIVE_INFINITY);
            wb.loadOptimizers(new AdamState(7, nan, inf), new AdamState(7, filled(wb.discriminatorOptimizer().firstMoment(), Float.NaN),
                    wb.discriminatorOptimizer().secondMoment()));
            assertTrue(Float.isNaN(wb.generatorOptimizer().firstMoment().flatten()[0]), "the NaN moments were loaded");
            wb.loadOptimizers(null, null);
            for (AdamState s : new AdamState[] {wb.generatorOptimizer(), wb.discriminatorOptimizer()}) {
                assertEquals(0, s.step());
                for (float v : s.firstMoment().flatten()) {
                    assertEquals(0f, v);
                }
                for (float v : s.secondMoment().flatten()) {
                    assertEquals(0f, v);
                }
            }
        }
    }

    @Test
    void nativeArraysStayFlatAcrossStepsAndWeightSwaps() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(4))) {
            ModelWeights g = wb.initialGenerator(1);
            ModelWeights d = wb.initialDiscriminator(2);
            BatchSource src = randomSource(1, 32, 16);
            wb.loadGenerator(g);
            wb.loadDiscriminator(d);
            wb.train(src, 1, new Random(1));
            int before = wb.liveArrays();
            for (int round = 0; round < 3; round++) {
                wb.loadGenerator(g);
                wb.loadDiscriminator(d);
                wb.loadOptimizers(null, null);
                wb.train(src, 2, new Random(round));
                wb.generatorWeights();
                wb.generate(new float[2 * spec.zDim()], new int[] {0, 1});
            }
            assertEquals(before, wb.liveArrays(), "NDArrays leaked into long-lived managers");
        }
    }

    @Test
    void wganGpTrainsWithACriticWithoutBatchNormAndIsReproducible() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        TrainSettings wgan = new TrainSettings(4, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.WGAN_GP, 10f);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (GanWorkbench wb = new GanWorkbench(spec, wgan)) {
                wb.loadGenerator(wb.initialGenerator(1));
                wb.loadDiscriminator(wb.initialDiscriminator(2));
                assertFalse(wb.discriminatorWeights().names().stream().anyMatch(n -> n.contains("running")),
                        "a WGAN-GP critic has no BatchNorm");
                LocalStats st = wb.train(randomSource(1, 32, 16), 2, new Random(5));
                assertTrue(Double.isFinite(st.lossDMean()) && Double.isFinite(st.lossGMean()));
                results[run] = wb.generatorWeights().flatten();
            }
        }
        assertArrayEquals(results[0], results[1], 1e-6f);
    }
}
