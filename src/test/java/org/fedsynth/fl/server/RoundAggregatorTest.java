package org.fedsynth.fl.server;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.Tensor;
import org.junit.jupiter.api.Test;

class RoundAggregatorTest {

    static ModelWeights w(float... v) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {v.length}, v)));
    }

    static ClientUpdate u(int id, int round, long n, ModelWeights g) {
        return new ClientUpdate(id, round, g, null, n, new LocalStats(1, 1, 1, 1, 1));
    }

    @Test
    void baseWeightsFollowSampleCountsOrAreUniform() {
        List<ClientUpdate> ups = List.of(u(0, 1, 10, w(0)), u(1, 1, 30, w(0)));
        assertArrayEquals(new double[] {0.25, 0.75}, RoundAggregator.baseWeights(ups, RoundAggregator.Weighting.SAMPLES), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, RoundAggregator.baseWeights(ups, RoundAggregator.Weighting.UNIFORM), 1e-12);
    }

    @Test
    void aCappedShareGoesToTheOthersByTheirWeightsUntilNoneIsAbove() {
        // the PneumoniaMNIST federation of seed 9 (Dirichlet 0.5, 10 sites): site 1 holds 45% of the images
        long[] n = {172, 1082, 88, 281, 197, 77, 1, 89, 102, 339};
        List<ClientUpdate> ups = new java.util.ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            ups.add(u(i, 1, n[i], w(0)));
        }
        double[] plain = RoundAggregator.baseWeights(ups, RoundAggregator.Weighting.SAMPLES);
        double[] capped = RoundAggregator.baseWeights(ups, RoundAggregator.Weighting.SAMPLES.capped(0.2));
        assertEquals(1082.0 / 2428, plain[1], 1e-12);
        assertEquals(0.2, capped[1], 1e-12);
        // site 1's surplus lifts site 9 (339 images, 14%) over the cap in turn (14% x 0.8 / 0.55 = 20.2%): both
        // are capped, and the other eight share the remaining 0.6 in proportion to their images
        assertEquals(0.2, capped[9], 1e-12);
        double others = 1 - plain[1] - plain[9];
        for (int i = 0; i < n.length; i++) {
            if (i != 1 && i != 9) {
                assertEquals(plain[i] * 0.6 / others, capped[i], 1e-12, "site " + i);
            }
        }
        assertEquals(1.0, java.util.Arrays.stream(capped).sum(), 1e-12);

        // spreading a surplus can push another site over the cap: it is capped in turn
        double[] two = RoundAggregator.capShares(new double[] {0.5, 0.28, 0.12, 0.1}, 0.3);
        assertArrayEquals(new double[] {0.3, 0.3, 0.4 * 0.12 / 0.22, 0.4 * 0.1 / 0.22}, two, 1e-12);
        // a cap that n sites cannot meet weights them equally; a cap of 1 changes nothing
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, RoundAggregator.capShares(new double[] {0.7, 0.1, 0.1, 0.1}, 0.2), 1e-12);
        assertArrayEquals(plain, RoundAggregator.baseWeights(ups, RoundAggregator.Weighting.SAMPLES.capped(1.0)), 0.0);
        assertThrows(IllegalArgumentException.class, () -> RoundAggregator.Weighting.SAMPLES.capped(0));
        assertThrows(IllegalArgumentException.class, () -> RoundAggregator.Weighting.SAMPLES.capped(Double.NaN));
    }

    @Test
    void theServerCapsAsTheConfigSays() {
        var capped = org.fedsynth.config.ConfigIO.parse("federation: {weighting: samples, max_share: 0.25}\n", "run.yaml");
        assertEquals(RoundAggregator.Weighting.SAMPLES.capped(0.25), RoundServer.weighting(capped.federation()));
        var uniform = org.fedsynth.config.ConfigIO.parse("federation: {weighting: uniform}\n", "run.yaml");
        assertEquals(RoundAggregator.Weighting.UNIFORM, RoundServer.weighting(uniform.federation()));
    }

    @Test
    void validationRejectsNanWrongShapeAndStaleRound() {
        RoundContext ctx = new RoundContext(2, w(0, 0), null, null, 1);
        assertNull(UpdateValidator.problem(u(0, 2, 1, w(1, 2)), ctx));
        assertTrue(UpdateValidator.problem(u(0, 2, 1, w(1, Float.NaN)), ctx).contains("NaN"));
        assertTrue(UpdateValidator.problem(u(0, 2, 1, w(1, 2, 3)), ctx).contains("does not match"));
        assertTrue(UpdateValidator.problem(u(0, 1, 1, w(1, 2)), ctx).contains("round 1"));
        ClientUpdate nanLoss = new ClientUpdate(0, 2, w(1, 2), null, 1, new LocalStats(Double.NaN, 1, 1, 1, 1));
        assertTrue(UpdateValidator.problem(nanLoss, ctx).contains("loss"));
    }
}
