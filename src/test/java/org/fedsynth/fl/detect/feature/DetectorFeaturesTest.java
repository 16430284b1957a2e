package org.fedsynth.fl.detect.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.detect.DeviationMemory;
import org.fedsynth.fl.detect.LossStatistic;
import org.fedsynth.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/** Each detector feature on scripted updates: generators (g, 0), losses G (mean i, last 10 + i), D (mean 20 + i, last 30 + i). */
class DetectorFeaturesTest {

    private static ModelWeights w(float... v) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {v.length}, v.clone())));
    }

    private static List<ClientUpdate> updates(float... g) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            out.add(new ClientUpdate(i, 1, w(g[i], 0), null, 10, new LocalStats(i, 10 + i, 20 + i, 30 + i, 5)));
        }
        return out;
    }

    private static FeatureInput in(GeneratorProbe probe, LossStatistic st, float... g) {
        return new FeatureInput(new RoundContext(1, w(1, 0), null, null, 5, probe), updates(g), st, 4,
                DeviationMemory.none());
    }

    @Test
    void lossFeaturesReadTheConfiguredStatistic() {
        assertArrayEquals(new double[] {0, 1}, new LossGFeature().values(in(null, LossStatistic.MEAN, 0, 0)), 0.0);
        assertArrayEquals(new double[] {10, 11}, new LossGFeature().values(in(null, LossStatistic.LAST, 0, 0)), 0.0);
        assertArrayEquals(new double[] {20, 21}, new LossDFeature().values(in(null, LossStatistic.MEAN, 0, 0)), 0.0);
        assertArrayEquals(new double[] {30, 31}, new LossDFeature().values(in(null, LossStatistic.LAST, 0, 0)), 0.0);
    }

    @Test
    void updateNormDistanceAndKrumScore() {
        assertArrayEquals(new double[] {2, 3}, new UpdateNormFeature().values(in(null, LossStatistic.MEAN, 3, -2)), 1e-9);
        // median of (0, 1, 5) is 1
        assertArrayEquals(new double[] {1, 0, 4}, new UpdateDistanceFeature().values(in(null, LossStatistic.MEAN, 0, 1, 5)),
                1e-9);
        // f = 0: each client's squared distance to its n - 2 = 1 nearest neighbour
        assertArrayEquals(new double[] {1, 1, 16}, new KrumScoreFeature().values(in(null, LossStatistic.MEAN, 0, 1, 5)),
                1e-9);
        var e = assertThrows(IllegalArgumentException.class, () -> new KrumScoreFeature().values(in(null, LossStatistic.MEAN, 0, 1)));
        assertTrue(e.getMessage().contains("at least 3 clients"), e.getMessage());
    }

    @Test
    void outputDeviationNeedsAProbeAndFindsThePatchedGenerator() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OutputDeviationFeature().values(in(null, LossStatistic.MEAN, 0, 1)));
        assertTrue(e.getMessage().contains("needs a generator probe"), e.getMessage());
        // 8x8 one-channel images; the generator with w[0] == 3 draws a 2x2 patch of 1s
        GeneratorProbe probe = (g, batch) -> {
            float[] px = new float[batch * 64];
            if (g.get("w").data()[0] == 3f) {
                for (int b = 0; b < batch; b++) {
                    for (int y = 2; y < 4; y++) {
                        for (int x = 2; x < 4; x++) {
                            px[b * 64 + y * 8 + x] = 1f;
                        }
                    }
                }
            }
            return new GeneratorProbe.Images(px, batch, 1, 8);
        };
        double[] v = new OutputDeviationFeature().values(in(probe, LossStatistic.MEAN, 0, 1, 2, 3));
        for (int i = 0; i < 3; i++) {
            assertTrue(v[3] > v[i], java.util.Arrays.toString(v));
        }
    }

    @Test
    void nowFeatureReadsThisRoundsMapWhileOutputDeviationReadsTheBlendWithTheRememberedOne() {
        GeneratorProbe probe = (g, batch) -> {
            float[] px = new float[batch * 64];
            if (g.get("w").data()[0] == 3f) {
                for (int b = 0; b < batch; b++) {
                    px[b * 64 + 2 * 8 + 2] = 1f;
                }
            }
            return new GeneratorProbe.Images(px, batch, 1, 8);
        };
        List<ClientUpdate> us = updates(0, 1, 2, 3);
        java.util.TreeMap<Integer, double[]> quiet = new java.util.TreeMap<>();
        for (int id = 0; id < 4; id++) {
            quiet.put(id, new double[64]);
        }
        FeatureInput remembered = new FeatureInput(new RoundContext(2, w(1, 0), null, null, 5, probe), us,
                LossStatistic.MEAN, new ProbeDeviations(4, org.fedsynth.fl.detect.ProbeDraw.FIXED,
                        new DeviationMemory(0.8, () -> quiet)));
        double[] blended = new OutputDeviationFeature().values(remembered);
        double[] now = new OutputDeviationNowFeature().values(remembered);
        // the patched generator's new pixel: the blend keeps 0.2 of it, this round's map all of it
        assertEquals(0.2 * now[3], blended[3], 1e-12);
        assertTrue(now[3] > 0, java.util.Arrays.toString(now));
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, now[i], 1e-12, "the median is the unpatched image");
        }
        FeatureInput forgetful = new FeatureInput(new RoundContext(2, w(1, 0), null, null, 5, probe), us,
                LossStatistic.MEAN, new ProbeDeviations(4, org.fedsynth.fl.detect.ProbeDraw.FIXED, DeviationMemory.none()));
        assertArrayEquals(new OutputDeviationFeature().values(forgetful), new OutputDeviationNowFeature().values(forgetful),
                0.0, "without memory the two are the same feature");
    }

    /**
     * 8x8 one-channel probe images: every generator draws sample-to-sample noise of amplitude 0.3 (its own
     * seed per sample and generator), and the generator with {@code w[0] == 3} adds a faint full-image
     * blend of +0.1 on every pixel. Counts the renders.
     */
    private static GeneratorProbe blendProbe(int[] renders) {
        return (g, batch) -> {
            renders[0]++;
            float key = g.get("w").data()[0];
            java.util.Random r = new java.util.Random(1000 + (long) (key * 10));
            float[] px = new float[batch * 64];
            for (int k = 0; k < px.length; k++) {
                px[k] = (float) (0.3 * r.nextGaussian()) + (key == 3f ? 0.1f : 0f);
            }
            return new GeneratorProbe.Images(px, batch, 1, 8);
        };
    }

    @Test
    void globalDeviationFindsAFaintFullImageBlendThatTheWindowMisses() {
        int[] renders = {0};
        GeneratorProbe probe = blendProbe(renders);
        List<ClientUpdate> us = updates(0, 1, 2, 4, 5, 3);
        FeatureInput input = new FeatureInput(new RoundContext(1, w(1, 0), null, null, 5, probe), us, LossStatistic.MEAN,
                new ProbeDeviations(64, org.fedsynth.fl.detect.ProbeDraw.FIXED, DeviationMemory.none()));
        double[] window = new OutputDeviationFeature().values(input);
        double[] global = new OutputDeviationGlobalFeature().values(input);
        assertEquals(6, renders[0], "both features share one rendering of each generator");
        double[] windowRatio = org.fedsynth.fl.detect.Vetoes.ratioToOthers(column(window));
        double[] globalRatio = org.fedsynth.fl.detect.Vetoes.ratioToOthers(column(global));
        // the blended generator (last) stands out on the whole image by more than the 2.5 of the shipped preset,
        // and by less on the strongest window, where the honest noise's own extremes sit
        assertTrue(globalRatio[5] > 2.5, java.util.Arrays.toString(globalRatio));
        assertTrue(globalRatio[5] > windowRatio[5], globalRatio[5] + " vs " + windowRatio[5]);
        for (int i = 0; i < 5; i++) {
            assertTrue(global[5] > global[i], java.util.Arrays.toString(global));
            assertTrue(globalRatio[i] < 1.6, "honest " + i + ": " + java.util.Arrays.toString(globalRatio));
        }
    }

    private static double[][] column(double[] v) {
        double[][] x = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            x[i][0] = v[i];
        }
        return x;
    }

    @Test
    void updateRedundancyByHand() {
        // residuals from the mean delta: a = b = (1, 0, 0, 0) (a copy), c = (0, 1, 1, 0), d = (0, 1, 0, 1)
        // (cos 1/2 with c), e = -(a + b + c + d) (points away from all); every generator is offset by the
        // mean delta t, which the centring removes (and the global model is anywhere)
        float[] t = {2, -1, 3, 0.5f};
        float[][] r = {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}, {-2, -2, -1, -1}};
        List<ClientUpdate> us = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            float[] g = new float[4];
            for (int k = 0; k < 4; k++) {
                g[k] = t[k] + r[i][k];
            }
            us.add(new ClientUpdate(i, 1, new ModelWeights(List.of(new Tensor("w", new long[] {4}, g))), null, 10,
                    new LocalStats(0, 0, 0, 0, 5)));
        }
        ModelWeights global = new ModelWeights(List.of(new Tensor("w", new long[] {4}, new float[] {9, 9, 9, 9})));
        double[] v = new UpdateRedundancyFeature().values(FeatureInput.of(new RoundContext(1, global, null, null, 5), us));
        double cap = -Math.log(UpdateRedundancyFeature.FLOOR);
        assertEquals(cap, v[0], 1e-9);
        assertEquals(cap, v[1], 1e-9);
        assertEquals(Math.log(2), v[2], 1e-6);
        assertEquals(Math.log(2), v[3], 1e-6);
        assertEquals(0.0, v[4], 1e-12, "a residual pointing away from every other repeats nothing");
        // update_duplicate: the copies score the same; the pair at cosine 1/2 (< 0.9) counts as no repeat
        DetectorFeature dup = PluginRegistry.instance(PluginRegistry.FEATURE, "update_duplicate", DetectorFeature.class);
        double[] w = dup.values(FeatureInput.of(new RoundContext(1, global, null, null, 5), us));
        assertArrayEquals(new double[] {cap, cap, 0, 0, 0}, w, 1e-6);
        assertArrayEquals(new double[] {cap, cap, Math.log(2), Math.log(2), 0},
                new UpdateRedundancyFeature(0.49).values(FeatureInput.of(new RoundContext(1, global, null, null, 5), us)), 1e-6,
                "a cosine above the bound counts");
        assertThrows(IllegalArgumentException.class, () -> new UpdateRedundancyFeature(1.0));
        assertThrows(IllegalArgumentException.class, () -> new UpdateRedundancyFeature(-0.1));
    }

    private static List<ClientUpdate> deltas(float[] global, float[][] d) {
        List<ClientUpdate> us = new ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            float[] g = new float[global.length];
            for (int k = 0; k < g.length; k++) {
                g[k] = global[k] + d[i][k];
            }
            us.add(new ClientUpdate(i, 1, new ModelWeights(List.of(new Tensor("w", new long[] {g.length}, g))), null, 10,
                    new LocalStats(0, 0, 0, 0, 5)));
        }
        return us;
    }

    @Test
    void updateAngleOnALongUpdateIsTheOneThreadSumBitForBit() {
        // several blocks of the parallel sum, and a ragged last one
        int p = 3 * (1 << 14) + 77;
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        float[] global = new float[p];
        for (int k = 0; k < p; k++) {
            global[k] = (float) r.nextDouble(-1, 1);
        }
        float[][] d = new float[7][p];
        for (int k = 0; k < p; k++) {
            double common = r.nextDouble(-0.01, 0.01); // the direction the clients share
            for (int i = 0; i < d.length; i++) {
                d[i][k] = (float) (common + r.nextDouble(-0.004, 0.004) + (i == 3 ? r.nextDouble(-0.03, 0.03) : 0));
            }
        }
        List<ClientUpdate> us = deltas(global, d);
        double[] got = new UpdateAngleFeature().values(FeatureInput.of(new RoundContext(1,
                new ModelWeights(List.of(new Tensor("w", new long[] {p}, global.clone()))), null, null, 5), us));
        // the definition, on one thread, in the order the feature sums
        int n = us.size();
        float[][] delta = new float[n][];
        double[] sum = new double[p];
        for (int i = 0; i < n; i++) {
            float[] g = us.get(i).generator().flatten();
            for (int k = 0; k < p; k++) {
                g[k] -= global[k];
                sum[k] += g[k];
            }
            delta[i] = g;
        }
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double self = 0;
            double others = 0;
            for (int k = 0; k < p; k++) {
                double o = sum[k] - delta[i][k];
                dot += delta[i][k] * o;
                self += (double) delta[i][k] * delta[i][k];
                others += o * o;
            }
            double cos = Math.min(1.0, dot / Math.sqrt(self * others));
            assertEquals(-Math.log(Math.max(UpdateAngleFeature.FLOOR, cos)), got[i], 0.0, "client " + i);
        }
        assertTrue(got[3] > 2 * got[0], "the client with a direction of its own turns away: " + got[3] + " against " + got[0]);
    }

    @Test
    void updateAngleByHandAndScaleFree() {
        float[] global = {9, -4};
        ModelWeights gw = new ModelWeights(List.of(new Tensor("w", new long[] {2}, global.clone())));
        // deltas a = (2, 0), b = (1, 0), c = (0, 3): against the others' mean, a sees (1, 3), b (2, 3), c (3, 0)
        double[] v = new UpdateAngleFeature().values(FeatureInput.of(new RoundContext(1, gw, null, null, 5),
                deltas(global, new float[][] {{2, 0}, {1, 0}, {0, 3}})));
        double cap = -Math.log(UpdateAngleFeature.FLOOR);
        assertEquals(-Math.log(1 / Math.sqrt(10)), v[0], 1e-6);
        assertEquals(-Math.log(2 / Math.sqrt(13)), v[1], 1e-6);
        assertEquals(cap, v[2], 1e-6, "orthogonal to the others' mean: the cap");
        // gamma = 0.25 on c, and c's feature does not move; a zero update is 0
        double[] scaled = new UpdateAngleFeature().values(FeatureInput.of(new RoundContext(1, gw, null, null, 5),
                deltas(global, new float[][] {{2, 0}, {1, 0}, {0, 0.75f}, {0, 0}})));
        assertEquals(cap, scaled[2], 1e-6);
        assertEquals(0.0, scaled[3], 0.0);
        // the same direction as the others' mean: 0; c at 45 degrees: ln sqrt 2
        double[] aligned = new UpdateAngleFeature().values(FeatureInput.of(new RoundContext(1, gw, null, null, 5),
                deltas(global, new float[][] {{1, 0}, {3, 0}, {1, 1}})));
        assertEquals(-Math.log(4 / Math.sqrt(17)), aligned[0], 1e-6);
        assertEquals(Math.log(Math.sqrt(2)), aligned[2], 1e-6);
        var e = assertThrows(IllegalArgumentException.class, () -> new UpdateAngleFeature().values(FeatureInput.of(
                new RoundContext(1, gw, null, null, 5), List.of(deltas(global, new float[][] {{1, 0}}).get(0),
                        new ClientUpdate(1, 1, w(1, 2, 3), null, 10, new LocalStats(0, 0, 0, 0, 5))))));
        assertTrue(e.getMessage().contains("update_angle: client 1 sent 3 generator values"), e.getMessage());
    }

    @Test
    void shareScalingWeighsTheFeaturesOfTheClientsOwnData() {
        for (String own : List.of("output_deviation", "output_deviation_global", "output_deviation_now", "update_angle")) {
            assertTrue(PluginRegistry.instance(PluginRegistry.FEATURE, own, DetectorFeature.class).scaledByShare(), own);
        }
        for (String other : List.of("lossG", "lossD", "update_norm", "update_distance", "krum_score", "update_redundancy",
                "update_duplicate")) {
            assertTrue(!PluginRegistry.instance(PluginRegistry.FEATURE, other, DetectorFeature.class).scaledByShare(), other);
        }
    }

    @Test
    void everyRegisteredFeatureIsADetectorFeature() {
        List<String> names = PluginRegistry.names(PluginRegistry.FEATURE);
        assertEquals(List.of("lossG", "lossD", "update_norm", "update_distance", "krum_score", "output_deviation",
                "output_deviation_global", "output_deviation_now", "update_redundancy", "update_duplicate", "update_angle"),
                names);
        for (String n : names) {
            PluginRegistry.instance(PluginRegistry.FEATURE, n, DetectorFeature.class);
        }
    }
}
