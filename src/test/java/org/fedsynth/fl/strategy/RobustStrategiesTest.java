package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.junit.jupiter.api.Test;

class RobustStrategiesTest {

    private static RoundContext ctx(ModelWeights g, ModelWeights d) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("keep", 1);
        return new RoundContext(3, g, d, state, 42L);
    }

    private static double sumWeights(AggregationResult r) {
        return r.decisions().stream().mapToDouble(ClientDecision::weight).sum();
    }

    @Test
    void fedAvgUsesBaseWeightsOnGeneratorAndDiscriminator() {
        // Arrange
        List<ClientUpdate> us = List.of(
                W.update(7, W.of(0, 4), W.of(10), 1),
                W.update(8, W.of(4, 0), W.of(20), 1));
        double[] base = {0.75, 0.25};
        RoundContext c = ctx(W.of(0, 0), W.of(0));
        // Act
        AggregationResult r = new FedAvg().aggregate(c, us, base);
        // Assert
        assertArrayEquals(W.f(1, 3), r.generator().get("w").data(), 1e-6f);
        assertArrayEquals(W.f(12.5), r.discriminator().get("w").data(), 1e-6f);
        assertEquals(2, r.decisions().size());
        assertEquals(7, r.decisions().get(0).clientId());
        assertEquals(0.75, r.decisions().get(0).weight());
        assertSame(c.strategyState(), r.state());
    }

    @Test
    void fedAvgWithoutDiscriminatorsAndMixedRejected() {
        List<ClientUpdate> none = List.of(W.update(0, W.of(1), null, 1), W.update(1, W.of(3), null, 1));
        assertNull(new FedAvg().aggregate(ctx(W.of(0), null), none, W.uniform(2)).discriminator());
        List<ClientUpdate> mixed = List.of(W.update(0, W.of(1), W.of(1), 1), W.update(1, W.of(3), null, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new FedAvg().aggregate(ctx(W.of(0), W.of(0)), mixed, W.uniform(2)));
        assertTrue(e.getMessage().contains("all clients or none"), e.getMessage());
    }

    @Test
    void medianStrategyAppliesSameRuleToDiscriminator() {
        List<ClientUpdate> us = List.of(
                W.update(0, W.two(W.f(1), W.f(5)), W.of(1), 1),
                W.update(1, W.two(W.f(2), W.f(6)), W.of(2), 1),
                W.update(2, W.two(W.f(900), W.f(-900)), W.of(300), 1));
        AggregationResult r = new CoordinateMedian().aggregate(ctx(null, null), us, new double[] {0.8, 0.1, 0.1});
        assertArrayEquals(W.f(2), r.generator().get("w").data());
        assertArrayEquals(W.f(5), r.generator().get("bn.running_mean").data());
        assertArrayEquals(W.f(2), r.discriminator().get("w").data());
        assertEquals(1.0, sumWeights(r), 1e-12);
        assertEquals(1.0 / 3, r.decisions().get(0).weight(), 1e-12);
        assertEquals(0.8, r.decisions().get(0).baseWeight(), 1e-12);
    }

    @Test
    void trimmedMeanStrategy() {
        List<ClientUpdate> us = new ArrayList<>();
        float[] vals = {1, 2, 3, 4, 1000};
        for (int i = 0; i < 5; i++) {
            us.add(W.update(i, W.of(vals[i]), W.of(-vals[i]), 1));
        }
        AggregationResult r = new TrimmedMean(0.2).aggregate(ctx(null, null), us, W.uniform(5));
        assertArrayEquals(W.f(3), r.generator().get("w").data(), 1e-6f);
        assertArrayEquals(W.f(-3), r.discriminator().get("w").data(), 1e-6f);
        assertEquals(1.0, sumWeights(r), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> new TrimmedMean(0.5));
        assertEquals("strategy.beta must be in [0, 0.5), found 0.5", e.getMessage());
    }

    private static List<ClientUpdate> krumUpdates() {
        float[] v = {0, 1, 2, 3, 100};
        List<ClientUpdate> us = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            us.add(W.update(10 + i, W.of(v[i], 0), W.of(2 * v[i]), 1));
        }
        return us;
    }

    @Test
    void krumPicksTheMostCentralClient() {
        AggregationResult r = new Krum(1, 1).aggregate(ctx(null, null), krumUpdates(), W.uniform(5));
        assertArrayEquals(W.f(1, 0), r.generator().get("w").data());
        assertArrayEquals(W.f(2), r.discriminator().get("w").data());
        ClientDecision outlier = r.decisions().get(4);
        assertEquals(19013.0, outlier.score(), 1e-9);
        assertTrue(outlier.flagged());
        assertEquals(0.0, outlier.weight());
        assertEquals(1.0, r.decisions().get(1).weight());
        assertFalse(r.decisions().get(1).flagged());
    }

    @Test
    void multiKrumAveragesSelectedWithRenormalizedBaseWeights() {
        // scores (5, 2, 2, 5, 19013): m=3 selects indices 1, 2, 0
        double[] base = {0.1, 0.2, 0.3, 0.2, 0.2};
        AggregationResult r = new Krum(1, 3).aggregate(ctx(null, null), krumUpdates(), base);
        // weights 0.1/0.6, 0.2/0.6, 0.3/0.6 on values 0, 1, 2 -> (0.2 + 0.6)/0.6 = 4/3
        assertArrayEquals(W.f(4.0 / 3, 0), r.generator().get("w").data(), 1e-6f);
        assertArrayEquals(W.f(8.0 / 3), r.discriminator().get("w").data(), 1e-6f);
        assertEquals(0.5, r.decisions().get(2).weight(), 1e-12);
        assertEquals(0.0, r.decisions().get(3).weight());
        assertEquals(1.0, sumWeights(r), 1e-12);
        assertEquals("multikrum", new Krum(1, 3).name());
    }

    @Test
    void krumFailsFastWithTooFewClients() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Krum(1, 1).aggregate(ctx(null, null), krumUpdates().subList(0, 4), W.uniform(4)));
        assertEquals("krum needs n > 2f + 2 clients, found n=4, f=1", e.getMessage());
    }

    // ------------------------------------------------------------------ NormClipping

    /** Two clients around global (0, 0): delta (3, 4) of norm 5 and delta (0.3, 0.4) of norm 0.5. */
    private static List<ClientUpdate> clipUpdates() {
        return List.of(W.update(0, W.of(3, 4), W.of(6, 8), 1), W.update(1, W.of(0.3f, 0.4f), W.of(0, 0), 1));
    }

    @Test
    void clippingScalesLargeDeltasToTheBound() {
        RoundContext c = ctx(W.of(0, 0), W.of(0, 0));
        AggregationResult r = new NormClipping(new FedAvg(), 1.0, 0.0).aggregate(c, clipUpdates(), W.uniform(2));
        // clipped: (0.6, 0.8) and (0.3, 0.4) -> mean (0.45, 0.6); D: (0.6, 0.8) and (0, 0) -> (0.3, 0.4)
        assertArrayEquals(W.f(0.45, 0.6), r.generator().get("w").data(), 1e-6f);
        assertArrayEquals(W.f(0.3, 0.4), r.discriminator().get("w").data(), 1e-6f);
        assertTrue(r.decisions().get(0).reason().startsWith("clip: G delta 5.000 clipped to 1.000, D delta 10.00 clipped; fedavg"), r.decisions().get(0).reason());
        assertEquals("fedavg+clip", new NormClipping(new FedAvg(), 1.0, 0.0).name());
    }

    @Test
    void clippedUpdatesSeenByInnerHaveNormEqualToBound() {
        List<List<ClientUpdate>> seen = new ArrayList<>();
        var spy = new org.fedsynth.fl.AggregationStrategy() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] w) {
                seen.add(updates);
                return new FedAvg().aggregate(context, updates, w);
            }
        };
        ModelWeights global = W.of(1, 1);
        List<ClientUpdate> us = List.of(W.update(0, W.of(4, 5), null, 1), W.update(1, W.of(1.1f, 1), null, 1));
        new NormClipping(spy, 2.0, 0.0).aggregate(ctx(global, null), us, W.uniform(2));
        assertEquals(2.0, Norms.l2Distance(seen.get(0).get(0).generator(), global), 1e-6);
        assertEquals(0.1, Norms.l2Distance(seen.get(0).get(1).generator(), global), 1e-6);
        // inputs untouched
        assertArrayEquals(W.f(4, 5), us.get(0).generator().get("w").data());
    }

    @Test
    void sigmaZeroEqualsInnerOnClippedUpdates() {
        ModelWeights global = W.of(0, 0);
        List<ClientUpdate> us = List.of(W.update(0, W.of(30, 40), null, 1), W.update(1, W.of(1, 0), null, 1),
                W.update(2, W.of(0, 1), null, 1));
        List<ClientUpdate> manual = List.of(W.update(0, W.of(3, 4), null, 1), W.update(1, W.of(1, 0), null, 1),
                W.update(2, W.of(0, 1), null, 1));
        RoundContext c = ctx(global, null);
        AggregationResult wrapped = new NormClipping(new CoordinateMedian(), 5.0, 0.0).aggregate(c, us, W.uniform(3));
        AggregationResult inner = new CoordinateMedian().aggregate(c, manual, W.uniform(3));
        assertArrayEquals(inner.generator().get("w").data(), wrapped.generator().get("w").data(), 1e-6f);
        assertSame(c.strategyState(), wrapped.state());
    }

    @Test
    void noiseHasStandardDeviationSigmaAndSparesRunningStats() {
        int d = 20000;
        float[] zeros = new float[d];
        ModelWeights global = W.two(zeros, W.f(1, 2));
        List<ClientUpdate> us = List.of(W.update(0, W.two(zeros, W.f(1, 2)), null, 1),
                W.update(1, W.two(zeros, W.f(1, 2)), null, 1));
        double sigma = 0.1;
        AggregationResult r = new NormClipping(new FedAvg(), 1.0, sigma).aggregate(ctx(global, null), us, W.uniform(2));
        float[] v = r.generator().get("w").data();
        double mean = 0;
        for (float x : v) mean += x;
        mean /= d;
        double var = 0;
        for (float x : v) var += (x - mean) * (x - mean);
        double sd = Math.sqrt(var / (d - 1));
        // sd of the sample sd is about sigma / sqrt(2d) = 0.0005; mean's sd is 0.0007
        assertEquals(sigma, sd, 0.003);
        assertEquals(0.0, mean, 0.003);
        assertArrayEquals(W.f(1, 2), r.generator().get("bn.running_mean").data());
        // same seed, same noise; another seed, other noise
        AggregationResult again = new NormClipping(new FedAvg(), 1.0, sigma).aggregate(ctx(global, null), us, W.uniform(2));
        assertArrayEquals(v, again.generator().get("w").data());
        RoundContext other = new RoundContext(3, global, null, null, 43L);
        AggregationResult diff = new NormClipping(new FedAvg(), 1.0, sigma).aggregate(other, us, W.uniform(2));
        assertFalse(java.util.Arrays.equals(v, diff.generator().get("w").data()));
    }

    @Test
    void clippingValidatesItsInputs() {
        assertThrows(IllegalArgumentException.class, () -> new NormClipping(new FedAvg(), 0.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new NormClipping(new FedAvg(), 1.0, -1.0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NormClipping(new FedAvg(), 1.0, 0.0).aggregate(ctx(null, null), clipUpdates(), W.uniform(2)));
        assertTrue(e.getMessage().contains("globalGenerator"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new NormClipping(new FedAvg(), 1.0, 0.0).aggregate(ctx(W.of(0, 0), null), clipUpdates(), W.uniform(2)));
        assertTrue(e2.getMessage().contains("globalDiscriminator"), e2.getMessage());
    }

    @Test
    void clippingPassesTheInnerStrategysStateAndDecisionsThrough() {
        ModelWeights global = W.of(0, 0);
        List<ClientUpdate> us = new ArrayList<>();
        double[] losses = {0.7, 0.71, 0.69, 3.0};
        for (int i = 0; i < 4; i++) {
            us.add(W.update(i, W.of(i, 1), null, losses[i]));
        }
        FedDetect fd = new FedDetect(FedDetectSettings.defaults().withWarmup(0));
        RoundContext c = new RoundContext(1, global, null, null, 5L);
        AggregationResult r = new NormClipping(fd, 100.0, 0.0).aggregate(c, us, W.uniform(4));
        assertEquals(1, r.state().get("track_record").get("3").asInt());
        assertTrue(r.decisions().get(3).flagged());
        assertTrue(r.decisions().get(3).reason().contains("; flagged: score"), r.decisions().get(3).reason());
        assertEquals(1.0, sumWeights(r), 1e-12);
    }
}
