package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.Contamination;
import org.fedsynth.fl.detect.LossStatistic;
import org.fedsynth.fl.detect.Tail;
import org.fedsynth.fl.detect.Vetoes;
import org.junit.jupiter.api.Test;

class FedDetectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Client i's generator: w = (i + 1, 10 (i + 1)), bn.running_mean = (i); discriminator (-(i + 1)). */
    private static List<ClientUpdate> round(int r, double... lossG) {
        List<ClientUpdate> us = new ArrayList<>();
        for (int i = 0; i < lossG.length; i++) {
            ModelWeights g = W.two(W.f(i + 1, 10 * (i + 1)), W.f(i));
            ModelWeights d = W.of(-(i + 1));
            us.add(new ClientUpdate(i, r, g, d, 100, new LocalStats(lossG[i], lossG[i] + 100, 0.5, 0.6, 10)));
        }
        return us;
    }

    private static RoundContext ctx(int r, JsonNode state) {
        return new RoundContext(r, W.two(W.f(0, 0), W.f(0)), W.of(0), state, 1000L + r);
    }

    private static double[] weights(AggregationResult res) {
        return res.decisions().stream().mapToDouble(ClientDecision::weight).toArray();
    }

    private static void assertSumsToOne(AggregationResult res) {
        assertEquals(1.0, res.decisions().stream().mapToDouble(ClientDecision::weight).sum(), 1e-12);
    }

    /** The aggregate must be the weighted mean with the reported weights (generator and discriminator). */
    private static void assertAggregateUses(AggregationResult res, double[] w) {
        double a = 0;
        double b = 0;
        double bn = 0;
        double d = 0;
        for (int i = 0; i < w.length; i++) {
            a += w[i] * (i + 1);
            b += w[i] * 10 * (i + 1);
            bn += w[i] * i;
            d += w[i] * -(i + 1);
        }
        assertArrayEquals(W.f(a, b), res.generator().get("w").data(), 1e-5f);
        assertArrayEquals(W.f(bn), res.generator().get("bn.running_mean").data(), 1e-5f);
        assertArrayEquals(W.f(d), res.discriminator().get("w").data(), 1e-5f);
    }

    @Test
    void standOutClientIsDecayedAtTheDocumentedRateAfterWarmup() {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(2));
        JsonNode state = null;
        AggregationResult res = null;
        for (int r = 1; r <= 7; r++) {
            res = fd.aggregate(ctx(r, state), round(r, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
            ClientDecision bad = res.decisions().get(3);
            assertTrue(bad.flagged(), "round " + r + ": " + bad.reason());
            assertTrue(bad.score() > 0.5);
            for (int i = 0; i < 3; i++) {
                assertFalse(res.decisions().get(i).flagged(), res.decisions().get(i).reason());
                assertEquals(0, res.decisions().get(i).trackRecord());
            }
            int c = Math.max(0, r - 2); // one applied flag per round after warm-up
            assertEquals(c, bad.trackRecord());
            assertEquals(r > 2, bad.applied());
            // w_3 = 0.25 * 0.9^c, others 0.25, renormalized
            double raw = 0.25 * Math.pow(0.9, c);
            double total = 0.75 + raw;
            double[] expected = {0.25 / total, 0.25 / total, 0.25 / total, raw / total};
            assertArrayEquals(expected, weights(res), 1e-12, "round " + r);
            assertSumsToOne(res);
            assertAggregateUses(res, expected);
            assertEquals(3.0, bad.detectorInput().get("lossG"));
            assertEquals(0.25, bad.baseWeight());
            state = res.state();
        }
        assertEquals(5, state.get("track_record").get("3").asInt());
        // after 5 applied rounds (7 rounds, warm-up 2): 0.9^5 = 0.59049; weight = 0.59049 / (3 + 0.59049)
        assertEquals(0.59049 / 3.59049, res.decisions().get(3).weight(), 1e-12);
        assertEquals(1.0 / 3.59049, res.decisions().get(0).weight(), 1e-12);
    }

    @Test
    void warmupRecordsFlagsButChangesNoWeight() {
        FedDetect fd = new FedDetect(); // warm-up 10
        JsonNode state = null;
        for (int r = 1; r <= 10; r++) {
            AggregationResult res = fd.aggregate(ctx(r, state), round(r, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
            assertArrayEquals(W.uniform(4), weights(res), 1e-15);
            ClientDecision bad = res.decisions().get(3);
            assertTrue(bad.flagged());
            assertFalse(bad.applied());
            assertEquals(0, bad.trackRecord());
            assertTrue(bad.reason().contains("warm-up (round " + r + " <= 10)"), bad.reason());
            state = res.state();
        }
        AggregationResult r11 = fd.aggregate(ctx(11, state), round(11, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        assertTrue(r11.decisions().get(3).applied());
        assertEquals(1, r11.decisions().get(3).trackRecord());
    }

    @Test
    void majorityGuardAppliesNothingButStoredRecordStillDecays() throws Exception {
        // contamination 0.5 on 4 distinct scores flags exactly 2 -> 2 * 2 >= 4: guard holds
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0)
                .withContamination(Contamination.fraction(0.5)));
        JsonNode state = JSON.readTree("{\"track_record\": {\"0\": 2, \"99\": 4}}");
        AggregationResult res = fd.aggregate(ctx(5, state), round(5, 0.1, 0.2, 5.0, 9.0), W.uniform(4));
        long flagged = res.decisions().stream().filter(ClientDecision::flagged).count();
        assertEquals(2, flagged);
        for (ClientDecision d : res.decisions()) {
            assertFalse(d.applied());
            if (d.flagged()) {
                assertTrue(d.reason().contains("majority guard (2 of 4 flagged)"), d.reason());
            }
        }
        // client 0 keeps its stored count 2 and its decay; nobody's count grows
        double raw0 = 0.25 * 0.81;
        double total = raw0 + 0.75;
        assertArrayEquals(new double[] {raw0 / total, 0.25 / total, 0.25 / total, 0.25 / total}, weights(res), 1e-12);
        assertEquals(JSON.readTree("{\"track_record\": {\"0\": 2, \"99\": 4}}"), res.state());
        // input state not mutated
        assertEquals(JSON.readTree("{\"track_record\": {\"0\": 2, \"99\": 4}}"), state);
    }

    @Test
    void excludeFlaggedGivesAFlaggedClientNoWeightInThatRoundAndItsDecayedWeightWhenItBehaves() throws Exception {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(1).withExcludeFlagged(true));
        AggregationResult warm = fd.aggregate(ctx(1, null), round(1, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        assertTrue(warm.decisions().get(3).flagged());
        assertArrayEquals(W.uniform(4), weights(warm), 1e-12, "a warm-up flag excludes nothing");

        AggregationResult caught = fd.aggregate(ctx(2, warm.state()), round(2, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        ClientDecision bad = caught.decisions().get(3);
        assertTrue(bad.applied());
        assertEquals(0.0, bad.weight());
        assertTrue(bad.reason().contains("weight 0 this round (exclude_flagged)"), bad.reason());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0}, weights(caught), 1e-12);
        assertAggregateUses(caught, weights(caught));

        // the next round it looks like the others: not flagged, so it gets base * 0.9^1, renormalized
        AggregationResult behaved = fd.aggregate(ctx(3, caught.state()), round(3, 0.7, 0.71, 0.69, 0.70), W.uniform(4));
        assertFalse(behaved.decisions().get(3).flagged(), behaved.decisions().get(3).reason());
        assertEquals(0.25 * 0.9 / (0.75 + 0.25 * 0.9), behaved.decisions().get(3).weight(), 1e-12);
        assertEquals(1, behaved.decisions().get(3).trackRecord());
    }

    @Test
    void blockAfterZeroesTheWeightAndAllZeroFallsBackToBase() throws Exception {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0).withBlockAfter(2));
        JsonNode state = null;
        AggregationResult res = null;
        for (int r = 1; r <= 2; r++) {
            res = fd.aggregate(ctx(r, state), round(r, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
            state = res.state();
        }
        assertEquals(0.0, res.decisions().get(3).weight());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0}, weights(res), 1e-12);
        assertTrue(res.decisions().get(3).reason().contains("blocked"), res.decisions().get(3).reason());

        JsonNode allBlocked = JSON.readTree("{\"track_record\": {\"0\": 3, \"1\": 3}}");
        double[] base = {0.4, 0.6};
        AggregationResult fb = fd.aggregate(ctx(9, allBlocked), round(9, 1.0, 1.0), base);
        assertArrayEquals(base, weights(fb), 0.0);
        assertTrue(fb.decisions().get(0).reason().contains("fell back to base weights"), fb.decisions().get(0).reason());
    }

    @Test
    void stateRoundTripsThroughJson() throws Exception {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(1));
        JsonNode state = null;
        for (int r = 1; r <= 3; r++) {
            state = fd.aggregate(ctx(r, state), round(r, 0.7, 0.71, 0.69, 3.0), W.uniform(4)).state();
        }
        JsonNode reread = JSON.readTree(JSON.writeValueAsString(state));
        AggregationResult a = fd.aggregate(ctx(4, state), round(4, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        AggregationResult b = fd.aggregate(ctx(4, reread), round(4, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        assertEquals(a.decisions(), b.decisions());
        assertEquals(a.state(), b.state());
        assertArrayEquals(a.generator().flatten(), b.generator().flatten());
        assertEquals("{\"track_record\":{\"3\":3}}", JSON.writeValueAsString(a.state()));
    }

    @Test
    void absentClientsKeepTheirRecordAndNewOnesStartAtZero() throws Exception {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0));
        JsonNode state = JSON.readTree("{\"track_record\": {\"42\": 7}}");
        AggregationResult res = fd.aggregate(ctx(3, state), round(3, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        assertEquals(7, res.state().get("track_record").get("42").asInt());
        assertEquals(1, res.state().get("track_record").get("3").asInt());
    }

    @Test
    void statisticLastAndExtraFeatures() {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withStatistic(LossStatistic.LAST)
                .withFeatures(List.of("lossG", "lossD", "update_norm")));
        AggregationResult res = fd.aggregate(ctx(1, null), round(1, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        ClientDecision d1 = res.decisions().get(1);
        assertEquals(java.util.Set.of("lossG", "lossD", "update_norm"), d1.detectorInput().keySet());
        assertEquals(100.71, d1.detectorInput().get("lossG"), 1e-12); // lossGLast
        assertEquals(0.6, d1.detectorInput().get("lossD"), 1e-12); // lossDLast
        // client 1: w = (2, 20), running_mean = (1), global zeros -> sqrt(4 + 400 + 1)
        assertEquals(Math.sqrt(405), d1.detectorInput().get("update_norm"), 1e-6);
    }

    @Test
    void minSeparationVetoesFlagsOnTightClusters() {
        // contamination 0.25 always flags the top score; all losses lie within ~1 robust sd
        FedDetectSettings base = FedDetectSettings.defaults().withWarmup(0).withContamination(Contamination.fraction(0.25));
        AggregationResult plain = new FedDetect(base).aggregate(ctx(1, null), round(1, 1.00, 1.01, 0.99, 1.02), W.uniform(4));
        assertEquals(1, plain.decisions().stream().filter(ClientDecision::flagged).count());
        AggregationResult vetoed = new FedDetect(base.withMinSeparation(3.0))
                .aggregate(ctx(1, null), round(1, 1.00, 1.01, 0.99, 1.02), W.uniform(4));
        assertEquals(0, vetoed.decisions().stream().filter(ClientDecision::flagged).count());
        assertArrayEquals(W.uniform(4), weights(vetoed), 1e-15);
        assertTrue(vetoed.decisions().stream().anyMatch(d -> d.reason().contains("min_separation")));
        // a real outlier is still flagged
        AggregationResult kept = new FedDetect(base.withMinSeparation(3.0))
                .aggregate(ctx(1, null), round(1, 0.7, 0.71, 0.69, 3.0), W.uniform(4));
        assertTrue(kept.decisions().get(3).flagged());
        // separation values: median 1.005, |dev| = .005 .005 .015 .015, MAD .01
        assertArrayEquals(new double[] {0.005 / 0.014826, 0.005 / 0.014826, 0.015 / 0.014826, 0.015 / 0.014826},
                Vetoes.separation(new double[][] {{1.00}, {1.01}, {0.99}, {1.02}}), 1e-9);
    }

    @Test
    void inputsAreNotMutatedAndEveryClientGetsADecision() {
        List<ClientUpdate> us = round(12, 0.7, 0.71, 0.69, 3.0);
        float[] before = us.get(3).generator().flatten();
        AggregationResult res = new FedDetect().aggregate(ctx(12, null), us, W.uniform(4));
        assertEquals(4, res.decisions().size());
        assertArrayEquals(before, us.get(3).generator().flatten());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, res.decisions().get(i).clientId());
        }
    }

    @Test
    void configValidationNamesTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withDecay(1.5));
        assertEquals("strategy.decay must be in (0, 1], found 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withTrees(0));
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withWarmup(-1));
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withBlockAfter(0));
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withFeatures(List.of()));
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults()
                .withFeatures(List.of("lossG", "lossG")));
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withMinSeparation(0.0));
    }

    @Test
    void rejectsBadStateAndDuplicateClients() throws Exception {
        FedDetect fd = new FedDetect();
        var e = assertThrows(IllegalArgumentException.class, () -> fd.aggregate(
                ctx(1, JSON.readTree("{\"track_record\": {\"3\": -1}}")), round(1, 1, 2), W.uniform(2)));
        assertTrue(e.getMessage().contains("track_record.3"), e.getMessage());
        List<ClientUpdate> dup = new ArrayList<>(round(1, 1, 2));
        dup.set(1, new ClientUpdate(0, 1, dup.get(1).generator(), dup.get(1).discriminator(), 5, dup.get(1).stats()));
        assertThrows(IllegalArgumentException.class, () -> fd.aggregate(ctx(1, null), dup, W.uniform(2)));
    }

    @Test
    void distanceFeaturesMeasureHowFarEachGeneratorStrays() {
        float[][] g = {{0f, 0f}, {0.1f, 0f}, {0f, 0.1f}, {5f, 5f}};
        List<org.fedsynth.fl.ClientUpdate> ups = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ups.add(new org.fedsynth.fl.ClientUpdate(i, 1,
                    new org.fedsynth.fl.ModelWeights(List.of(new org.fedsynth.fl.Tensor("w", new long[] {2}, g[i]))),
                    null, 10, new org.fedsynth.fl.LocalStats(1, 1, 1, 1, 1)));
        }
        org.fedsynth.fl.ModelWeights global = new org.fedsynth.fl.ModelWeights(
                List.of(new org.fedsynth.fl.Tensor("w", new long[] {2}, new float[2])));
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0)
                .withFeatures(List.of("update_distance", "krum_score")));
        AggregationResult res = fd.aggregate(new org.fedsynth.fl.RoundContext(1, global, null, null, 1), ups, W.uniform(4));
        // coordinate median of x (0, 0.1, 0, 5) and of y is 0.05
        assertEquals(Math.hypot(0.05, 0.05), res.decisions().get(0).detectorInput().get("update_distance"), 1e-6);
        assertEquals(Math.hypot(4.95, 4.95), res.decisions().get(3).detectorInput().get("update_distance"), 1e-5);
        // Krum with f = 0: sum of squared distances to the n - 2 = 2 nearest others
        assertEquals(0.02, res.decisions().get(0).detectorInput().get("krum_score"), 1e-6);
        assertEquals(2 * (4.9 * 4.9 + 25), res.decisions().get(3).detectorInput().get("krum_score"), 1e-4);
        assertTrue(res.decisions().get(3).flagged());
        assertFalse(res.decisions().get(0).flagged());
    }

    // ---- tail: upper, output_deviation and memory ----

    @Test
    void upperTailIgnoresClientsThatStandOutLow() {
        FedDetect both = new FedDetect(FedDetectSettings.defaults().withWarmup(0));
        FedDetect upper = new FedDetect(FedDetectSettings.defaults().withWarmup(0).withUpperTail(true));
        List<ClientUpdate> us = round(1, 0.7, 0.71, 0.69, 0.05);
        assertTrue(both.aggregate(ctx(1, null), us, W.uniform(4)).decisions().get(3).flagged());
        ClientDecision low = upper.aggregate(ctx(1, null), us, W.uniform(4)).decisions().get(3);
        assertFalse(low.flagged());
        assertTrue(low.reason().contains("tail: upper"), low.reason());
        // a high outlier is still flagged with tail: upper
        assertTrue(upper.aggregate(ctx(1, null), round(1, 0.7, 0.71, 0.69, 3.0), W.uniform(4)).decisions().get(3).flagged());
    }

    /** An 8x8 one-channel probe: client 3's generator (w[0] == 4) draws a 2x2 patch of {@code patch} when {@code stamp}. */
    private static org.fedsynth.fl.GeneratorProbe probe(boolean stamp, float patch) {
        return (g, batch) -> {
            float[] px = new float[batch * 64];
            if (stamp && g.get("w").data()[0] == 4f) {
                for (int b = 0; b < batch; b++) {
                    for (int y = 5; y < 7; y++) {
                        for (int x = 1; x < 3; x++) {
                            px[b * 64 + y * 8 + x] = patch;
                        }
                    }
                }
            }
            return new org.fedsynth.fl.GeneratorProbe.Images(px, batch, 1, 8);
        };
    }

    private static RoundContext ctx(int r, JsonNode state, org.fedsynth.fl.GeneratorProbe probe) {
        return new RoundContext(r, W.two(W.f(0, 0), W.f(0)), W.of(0), state, 1000L + r, probe);
    }

    @Test
    void outputDeviationFindsTheClientWhoseGeneratorStampsAPatch() {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0).withDecay(0.5)
                .withFeatures(List.of("output_deviation")).withUpperTail(true));
        JsonNode state = null;
        AggregationResult res = null;
        for (int r = 1; r <= 5; r++) {
            res = fd.aggregate(ctx(r, state, probe(true, 1f)), round(r, 1, 1, 1, 1), W.uniform(4));
            assertEquals(1.0, res.decisions().get(3).detectorInput().get("output_deviation"), 1e-6);
            assertEquals(0.0, res.decisions().get(0).detectorInput().get("output_deviation"), 1e-12);
            assertTrue(res.decisions().get(3).applied(), res.decisions().get(3).reason());
            assertSumsToOne(res);
            state = res.state();
        }
        // five applied flags at decay 0.5: 0.5^5 / (0.5^5 + 3)
        assertEquals(Math.pow(0.5, 5) / (Math.pow(0.5, 5) + 3), weights(res)[3], 1e-12);
        assertFalse(state.has(FedDetect.OUTPUT_MEMORY), "no memory kept with memory 0");
    }

    @Test
    void memoryAveragesDeviationMapsAcrossRoundsAndSurvivesTheState() throws Exception {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(10)
                .withFeatures(List.of("output_deviation")).withMemory(0.5));
        AggregationResult r1 = fd.aggregate(ctx(1, null, probe(true, 1f)), round(1, 1, 1, 1, 1), W.uniform(4));
        assertEquals(1.0, r1.decisions().get(3).detectorInput().get("output_deviation"), 1e-6);
        // the state round-trips through JSON (as in a checkpoint), then the patch disappears: half remains
        JsonNode state = JSON.readTree(JSON.writeValueAsString(r1.state()));
        AggregationResult r2 = fd.aggregate(ctx(2, state, probe(false, 1f)), round(2, 1, 1, 1, 1), W.uniform(4));
        assertEquals(0.5, r2.decisions().get(3).detectorInput().get("output_deviation"), 1e-6);
        AggregationResult r3 = fd.aggregate(ctx(3, r2.state(), probe(false, 1f)), round(3, 1, 1, 1, 1), W.uniform(4));
        assertEquals(0.25, r3.decisions().get(3).detectorInput().get("output_deviation"), 1e-6);
    }

    @Test
    void outputDeviationWithoutAProbeIsAClearError() {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withFeatures(List.of("output_deviation")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fd.aggregate(ctx(1, null), round(1, 1, 1, 1, 1), W.uniform(4)));
        assertTrue(e.getMessage().contains("needs a generator probe"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withMemory(1.0));
    }

    @Test
    void minRatioKeepsAFlagOnlyWhenTheClientIsAMultipleOfTheOthersMedian() {
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0).withMinRatio(2.0));
        // 1.6 / median(1.0, 1.1, 0.9) = 1.6 < 2: the forest's flag is vetoed
        ClientDecision mild = fd.aggregate(ctx(1, null), round(1, 1.0, 1.1, 0.9, 1.6), W.uniform(4)).decisions().get(3);
        assertFalse(mild.flagged(), mild.reason());
        assertTrue(mild.reason().contains("min_ratio"), mild.reason());
        assertEquals(1.6, Vetoes.ratioToOthers(new double[][] {{1.0}, {1.1}, {0.9}, {1.6}})[3], 1e-12);
        // 3.0 / 1.0 = 3 >= 2: flagged and applied
        ClientDecision strong = fd.aggregate(ctx(1, null), round(1, 1.0, 1.1, 0.9, 3.0), W.uniform(4)).decisions().get(3);
        assertTrue(strong.applied(), strong.reason());
        assertThrows(IllegalArgumentException.class, () -> FedDetectSettings.defaults().withMinRatio(1.0));
    }
}
