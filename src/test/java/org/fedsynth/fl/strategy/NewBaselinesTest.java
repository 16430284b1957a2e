package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.junit.jupiter.api.Test;

/** Bulyan, the geometric median (RFA) and FoolsGold on hand-made vectors. */
class NewBaselinesTest {

    private static RoundContext ctx(ModelWeights global, JsonNode state) {
        return new RoundContext(2, global, null, state == null ? JsonNodeFactory.instance.objectNode() : state, 7L);
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }

    private static double sum(AggregationResult r) {
        return r.decisions().stream().mapToDouble(ClientDecision::weight).sum();
    }

    // ------------------------------------------------------------------ Bulyan

    @Test
    void bulyanRefusesTooFewClientsSayingHowManyAreNeeded() {
        List<ModelWeights> gs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            gs.add(W.of(i, i));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bulyan(1).aggregate(ctx(W.of(0, 0), null), W.updates(gs), uniform(6)));
        assertTrue(e.getMessage().contains("n >= 4f + 3") && e.getMessage().contains("needs 7")
                && e.getMessage().contains("has 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BulyanSettings(-1));
    }

    @Test
    void bulyanDropsTheOutliersAndAveragesTheValuesNearestTheMedian() {
        // 7 clients, f = 1: theta = 5 selected, beta = 3 values per coordinate
        List<ModelWeights> gs = List.of(W.of(1.0f, 10f), W.of(1.1f, 10.2f), W.of(0.9f, 9.8f), W.of(1.05f, 10.1f),
                W.of(0.95f, 9.9f), W.of(50f, -40f), W.of(1.0f, 30f));
        AggregationResult r = new Bulyan(1).aggregate(ctx(W.of(0, 0), null), W.updates(gs), uniform(7));
        assertEquals(1.0, sum(r), 1e-9);
        assertTrue(r.decisions().get(5).flagged(), "the far-away client is not selected");
        assertTrue(r.decisions().get(6).flagged(), "nor the one far off in one coordinate");
        for (int i = 0; i < 5; i++) {
            assertFalse(r.decisions().get(i).flagged(), "honest client " + i + " selected");
            assertEquals(0.2, r.decisions().get(i).weight(), 1e-12);
        }
        // per coordinate, of {1.0, 1.1, 0.9, 1.05, 0.95} (median 1.0) the 3 nearest are 1.0, 1.05, 0.95
        assertArrayEquals(W.f(1.0, 10.0), r.generator().get("w").data(), 1e-6f);
    }

    @Test
    void closestToMedianMeanByHand() {
        List<ModelWeights> ms = List.of(W.of(0f), W.of(10f), W.of(4f), W.of(6f));
        // median 5; by distance 4 and 6 (1 each, model order), then 0 and 10
        assertArrayEquals(W.f(5.0), Aggregate.closestToMedianMean(ms, 2).get("w").data(), 1e-6f);
        assertArrayEquals(W.f(10.0 / 3), Aggregate.closestToMedianMean(ms, 3).get("w").data(), 1e-6f); // 4, 6, then 0 before 10 (model order)
        assertArrayEquals(W.f(5.0), Aggregate.closestToMedianMean(ms, 4).get("w").data(), 1e-6f);
    }

    // ------------------------------------------------------------------ geometric median

    /** The weighted sum of distances from v to the points. */
    private static double objective(float[][] x, double[] a, double[] v) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = 0;
            for (int j = 0; j < v.length; j++) {
                d += (x[i][j] - v[j]) * (x[i][j] - v[j]);
            }
            s += a[i] * Math.sqrt(d);
        }
        return s;
    }

    @Test
    void geometricMedianMatchesABruteForceMinimiser() {
        Random rng = new Random(3);
        float[][] x = new float[6][2];
        for (float[] p : x) {
            p[0] = (float) rng.nextGaussian();
            p[1] = (float) rng.nextGaussian();
        }
        x[5] = new float[] {40f, -25f}; // an outlier drags the mean, not the median
        double[] a = {0.1, 0.2, 0.15, 0.25, 0.1, 0.2};
        List<ModelWeights> gs = new ArrayList<>();
        for (float[] p : x) {
            gs.add(W.of(p));
        }
        AggregationResult r = new GeometricMedian(new GeometricMedianSettings(2000, 1e-9, 1e-12))
                .aggregate(ctx(W.of(0, 0), null), W.updates(gs), a);
        float[] got = r.generator().get("w").data();
        float[] byDefault = new GeometricMedian(GeometricMedianSettings.defaults())
                .aggregate(ctx(W.of(0, 0), null), W.updates(gs), a).generator().get("w").data();
        // brute force: a grid search refined three times around the best point
        double[] best = {0, 0};
        double bestObj = Double.POSITIVE_INFINITY;
        double lo0 = -5, lo1 = -5, span = 10;
        for (int level = 0; level < 4; level++) {
            for (int i = 0; i <= 200; i++) {
                for (int j = 0; j <= 200; j++) {
                    double[] v = {lo0 + span * i / 200, lo1 + span * j / 200};
                    double o = objective(x, a, v);
                    if (o < bestObj) {
                        bestObj = o;
                        best = v;
                    }
                }
            }
            span /= 20;
            lo0 = best[0] - span / 2;
            lo1 = best[1] - span / 2;
        }
        assertEquals(best[0], got[0], 1e-3, "x of the geometric median");
        assertEquals(best[1], got[1], 1e-3, "y of the geometric median");
        assertTrue(objective(x, a, new double[] {got[0], got[1]}) <= bestObj + 1e-6);
        assertEquals(best[0], byDefault[0], 2e-2, "the defaults (ftol 1e-6) stop close to it");
        assertEquals(best[1], byDefault[1], 2e-2);
        assertEquals(1.0, sum(r), 1e-9);
        double outlier = r.decisions().get(5).weight();
        assertTrue(outlier < 0.2 / 10, "the outlier's weight shrinks with its distance: " + outlier);
    }

    @Test
    void geometricMedianOfIdenticalClientsIsThatClient() {
        List<ModelWeights> gs = List.of(W.of(2f, 3f), W.of(2f, 3f), W.of(2f, 3f));
        AggregationResult r = new GeometricMedian(GeometricMedianSettings.defaults())
                .aggregate(ctx(W.of(0, 0), null), W.updates(gs), uniform(3));
        assertArrayEquals(W.f(2, 3), r.generator().get("w").data(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new GeometricMedianSettings(0, 1e-6, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new GeometricMedianSettings(10, 0, 1e-6));
    }

    // ------------------------------------------------------------------ FoolsGold

    @Test
    void foolsGoldWeightsByHand() {
        // three distinct honest directions and two sybils pointing the same way
        double[][] h = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0.1, 1}, {0, 0, 0.1, 1}};
        double[] a = FoolsGold.weights(h, 1.0);
        assertEquals(0, a[3], 1e-12, "a sybil");
        assertEquals(0, a[4], 1e-12, "its twin");
        // client 2 resembles the sybils a little (cos 0.0995) and is pardoned: it keeps weight 1
        assertEquals(1, a[0], 1e-12);
        assertEquals(1, a[1], 1e-12);
        assertEquals(1, a[2], 1e-12);
    }

    @Test
    void foolsGoldAssumesHonestClientsDifferAndBackfiresWhenTheyDoNot() {
        // iid honest clients move alike from the common global model; a lone attacker differs:
        // FoolsGold then excludes the honest clients and keeps the attacker (seen in a 7-client
        // phantom run too; docs/results/DEFENSES.md). The faithful algorithm, kept as the paper has it.
        double[][] h = {{1, 0.10, 0}, {1, 0.12, 0.01}, {1, 0.09, -0.01}, {1, 0.11, 0.02}, {0.2, 1, 0.5}};
        double[] a = FoolsGold.weights(h, 1.0);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, a[i], 1e-12, "honest client " + i);
        }
        assertEquals(1, a[4], 1e-12, "the attacker");
    }

    @Test
    void foolsGoldLogitByHand() {
        // cosines: (0,1) 0.6, (0,2) 0, (1,2) 0 -> 1 - max cs = 0.4, 0.4, 1; /max -> 0.4, 0.4, 1 (0.99)
        double[][] h = {{1, 0}, {0.6, 0.8}, {0, 0}};
        h[2] = new double[] {0, 0}; // a zero history has cosine 0 with all
        double[] a = FoolsGold.weights(h, 1.0);
        double expect = Math.log(0.4 / 0.6) + 0.5; // 0.0945
        assertEquals(expect, a[0], 1e-12);
        assertEquals(expect, a[1], 1e-12);
        assertEquals(1, a[2], 1e-12, "logit(0.99) + 0.5 > 1, clipped");
    }

    @Test
    void foolsGoldExcludesColludersAcrossRoundsAndKeepsItsHistoryInTheState() {
        Random rng = new Random(5);
        int d = 400;
        float[] global = new float[d];
        float[] backdoor = new float[d];
        for (int j = 0; j < d; j++) {
            backdoor[j] = (float) rng.nextGaussian();
        }
        AggregationStrategy fg = new FoolsGold(new FoolsGoldSettings(1.0, 256));
        JsonNode state = null;
        AggregationResult r = null;
        for (int round = 1; round <= 3; round++) {
            List<ClientUpdate> us = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                float[] w = new float[d];
                for (int j = 0; j < d; j++) {
                    double honest = rng.nextGaussian();
                    // clients 4 and 5 collude: the same backdoor direction plus a little noise of their own
                    w[j] = (float) (c >= 4 ? backdoor[j] + 0.1 * honest : honest);
                }
                us.add(new ClientUpdate(c, round, W.of(w), null, 100, W.loss(1)));
            }
            r = fg.aggregate(new RoundContext(round, W.of(global), null,
                    state == null ? JsonNodeFactory.instance.objectNode() : state, 1L), us, uniform(6));
            state = r.state();
        }
        assertEquals(256, state.path("sketch_dim").asInt());
        assertEquals(6, state.path("history").size());
        assertEquals(256, state.path("history").path("4").size());
        assertEquals(1.0, sum(r), 1e-9);
        assertTrue(r.decisions().get(4).flagged() && r.decisions().get(5).flagged(), r.decisions().toString());
        for (int c = 0; c < 4; c++) {
            assertFalse(r.decisions().get(c).flagged(), "honest client " + c);
            assertEquals(0.25, r.decisions().get(c).weight(), 1e-9);
        }
        // a resume with another sketch size is refused, not silently mixed
        JsonNode saved = state;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FoolsGold(new FoolsGoldSettings(1.0, 512))
                .aggregate(new RoundContext(4, W.of(global), null, saved, 1L), W.updates(List.of(W.of(global), W.of(global))), uniform(2)));
        assertTrue(e.getMessage().contains("sketch_dim"), e.getMessage());
    }

    @Test
    void theSketchKeepsCosinesOfLongVectors() {
        Random rng = new Random(9);
        int d = 200_000;
        float[] a = new float[d];
        float[] b = new float[d];
        float[] zero = new float[d];
        for (int j = 0; j < d; j++) {
            a[j] = (float) rng.nextGaussian();
            b[j] = (float) (0.6 * a[j] + 0.8 * rng.nextGaussian()); // cosine about 0.6
        }
        double[] sa = new double[1024];
        double[] sb = new double[1024];
        Norms.countSketchAdd(a, zero, sa);
        Norms.countSketchAdd(b, zero, sb);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < 1024; k++) {
            dot += sa[k] * sb[k];
            na += sa[k] * sa[k];
            nb += sb[k] * sb[k];
        }
        assertEquals(0.6, dot / Math.sqrt(na * nb), 0.1, "cosine through a 1024-bucket sketch (error ~1/32)");
    }

    @Test
    void countSketchIsTheFixedSplitMixHashWhateverWasSketchedBefore() {
        // the hash is a contract (every server sketches alike): coordinate j goes to SplitMix64(j) mod dim, signed by
        // its top bit. The table of slots is cached per length and bucket count, so sketch other shapes in between.
        Random rng = new Random(4);
        float[] v = new float[1000];
        float[] g = new float[1000];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) rng.nextGaussian();
            g[j] = (float) rng.nextGaussian();
        }
        for (int dim : new int[] {7, 64, 7}) {
            Norms.countSketchAdd(new float[333], new float[333], new double[dim]); // another length in between
            double[] got = new double[dim];
            Norms.countSketchAdd(v, g, got);
            double[] want = new double[dim];
            for (int j = 0; j < v.length; j++) {
                long z = j + 0x9E3779B97F4A7C15L;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z = z ^ (z >>> 31);
                int bucket = (int) Long.remainderUnsigned(z, dim);
                want[bucket] += ((z >>> 63) == 0 ? 1 : -1) * ((double) v[j] - g[j]);
            }
            assertArrayEquals(want, got, 0.0, "sketch into " + dim + " buckets");
        }
        assertThrows(IllegalArgumentException.class, () -> Norms.countSketchAdd(v, g, new double[0]));
    }

    // ------------------------------------------------------------------ FLAME

    @Test
    void flameClusterFollowsTheMajorityDownTheDendrogram() {
        // 0..3 close together (0-1 at 0.1, 2-3 at 0.2, the pairs 0.5 apart), 4 at 3 from all, 5 at 9 from all
        double[][] d = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                d[i][j] = i == j ? 0 : (i >= 4 || j >= 4) ? (Math.max(i, j) == 5 ? 9 : 3) : (i / 2 == j / 2 ? (i < 2 ? 0.1 : 0.2) : 0.5);
            }
        }
        // min cluster 4: the root splits off 5 (9), then 4 (3); at 0.5 the four split into two pairs, both < 4: the cluster dies
        assertArrayEquals(new boolean[] {true, true, true, true, false, false}, Flame.admitted(d, 4));
        assertArrayEquals(new boolean[] {true, true}, Flame.admitted(new double[][] {{0, 1}, {1, 0}}, 2), "two clients: both");
        assertArrayEquals(new boolean[] {true}, Flame.admitted(new double[][] {{0}}, 1));
    }

    @Test
    void flameRemovesAPlantedClusterClipsToTheMedianNormAndAddsSeededNoise() {
        Random rng = new Random(11);
        int dim = 50;
        float[] global = new float[dim];
        float[] honestDir = new float[dim];
        float[] backdoor = new float[dim];
        for (int k = 0; k < dim; k++) {
            honestDir[k] = (float) rng.nextGaussian();
            backdoor[k] = (float) rng.nextGaussian();
        }
        List<ModelWeights> gs = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            float[] w = new float[dim];
            for (int k = 0; k < dim; k++) {
                double dir = c >= 4 ? backdoor[k] : honestDir[k];
                w[k] = (float) (dir + 0.05 * rng.nextGaussian());
            }
            gs.add(W.of(w));
        }
        // client 6: client 0's update scaled by 10 (cosine distance 0 to it, so it stays in the cluster with it), to be clipped
        float[] scaled = gs.get(0).flatten();
        for (int k = 0; k < dim; k++) {
            scaled[k] *= 10;
        }
        gs.add(W.of(scaled));
        FlameSettings paper = FlameSettings.defaults();
        AggregationResult r = new Flame(paper).aggregate(ctx(W.of(global), null), W.updates(gs), uniform(7));
        assertTrue(r.decisions().get(4).flagged() && r.decisions().get(5).flagged(), "the planted pair is removed");
        // HDBSCAN keeps the clients still in the cluster when it dies: at least n/2 + 1 = 4 of the 5 honest ones,
        // always 0 and 6 (at distance 0 they leave the cluster only together, and a pair leaving ends it)
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            if (!r.decisions().get(c).flagged()) {
                kept.add(c);
            }
        }
        assertTrue(kept.size() >= 4 && kept.contains(0) && kept.contains(6) && !kept.contains(4) && !kept.contains(5), kept.toString());
        for (int c : kept) {
            assertEquals(1.0 / kept.size(), r.decisions().get(c).weight(), 1e-12);
        }
        assertEquals(1.0, sum(r), 1e-9);
        // without noise the aggregate is the mean of the admitted updates clipped to the median norm
        AggregationResult quiet = new Flame(new FlameSettings(0, "models")).aggregate(ctx(W.of(global), null), W.updates(gs), uniform(7));
        double[] norms = new double[7];
        for (int c = 0; c < 7; c++) {
            double s = 0;
            for (float v : gs.get(c).flatten()) {
                s += v * v;
            }
            norms[c] = Math.sqrt(s);
        }
        double[] sorted = norms.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[3];
        float[] expect = new float[dim];
        for (int c : kept) {
            double f = Math.min(1, median / norms[c]) / kept.size();
            float[] w = gs.get(c).flatten();
            for (int k = 0; k < dim; k++) {
                expect[k] += (float) (f * w[k]);
            }
        }
        assertArrayEquals(expect, quiet.generator().get("w").data(), 1e-5f);
        assertTrue(norms[6] > 5 * median, "client 6's update is far above the median, so clipping mattered");
        // the noise: sd lambda x median, from the round's seed (the same round gives the same noise)
        float[] noisy = r.generator().get("w").data();
        double ss = 0;
        for (int k = 0; k < dim; k++) {
            ss += (noisy[k] - expect[k]) * (double) (noisy[k] - expect[k]);
        }
        double sd = Math.sqrt(ss / dim);
        assertEquals(0.001 * median, sd, 0.3 * 0.001 * median, "noise sd");
        AggregationResult again = new Flame(paper).aggregate(ctx(W.of(global), null), W.updates(gs), uniform(7));
        assertArrayEquals(noisy, again.generator().get("w").data(), 0f);
    }

    @Test
    void flameLeavesRunningStatisticsWithoutNoise() {
        ModelWeights m = W.two(W.f(1, 2, 3), W.f(0.5, 0.5));
        ModelWeights noisy = NormClipping.addNoise(m, 0.1, new java.util.SplittableRandom(1));
        assertArrayEquals(W.f(0.5, 0.5), noisy.get("bn.running_mean").data(), 0f);
        assertFalse(java.util.Arrays.equals(W.f(1, 2, 3), noisy.get("w").data()));
        assertThrows(IllegalArgumentException.class, () -> new FlameSettings(-1, "models"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FlameSettings(0.001, "grads"));
        assertTrue(e.getMessage().contains("models or updates"), e.getMessage());
    }

    @Test
    void theNewBaselinesAreConfigurableByName() {
        assertTrue(Strategies.names().containsAll(List.of("bulyan", "geometric_median", "flame", "foolsgold")));
        assertEquals("flame", Strategies.create("flame", Map.of("space", "updates")).name());
        assertEquals("bulyan", Strategies.create("bulyan", Map.of("f", 2)).name());
        assertEquals("geometric_median", Strategies.create("geometric_median", Map.of("max_iterations", 5)).name());
        assertEquals("foolsgold", Strategies.create("foolsgold", Map.of("sketch_dim", 64)).name());
    }
}
