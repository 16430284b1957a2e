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
    void everyRegisteredFeatureIsADetectorFeature() {
        List<String> names = PluginRegistry.names(PluginRegistry.FEATURE);
        assertEquals(List.of("lossG", "lossD", "update_norm", "update_distance", "krum_score", "output_deviation"), names);
        for (String n : names) {
            PluginRegistry.instance(PluginRegistry.FEATURE, n, DetectorFeature.class);
        }
    }
}
