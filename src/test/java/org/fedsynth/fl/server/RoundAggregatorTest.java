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
