package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.feature.FeatureInput;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

    private static final RoundContext CTX = new RoundContext(1, StagesFixture.w(0, 0), null, null, 7);

    @Test
    void oneRowPerClientOneColumnPerFeatureInTheConfiguredOrder() {
        List<ClientUpdate> us = StagesFixture.updates(new float[] {3, 4}, new double[] {1, 2}, new double[] {5, 6});
        double[][] x = FeatureMatrix.of(List.of("update_norm", "lossG", "lossD"),
                new FeatureInput(CTX, us, LossStatistic.LAST, 8, DeviationMemory.none()));
        assertArrayEquals(new double[] {3, 5, 0.7}, x[0], 1e-9);
        assertArrayEquals(new double[] {4, 6, 1.7}, x[1], 1e-9);
    }

    @Test
    void nonFiniteValueNamesClientAndFeature() {
        List<ClientUpdate> us = StagesFixture.updates(new float[] {3, 4}, new double[] {1, Double.NaN},
                new double[] {1, 1});
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(List.of("lossG"), FeatureInput.of(CTX, us)));
        assertEquals("feddetect: client 1 feature lossG is not finite: NaN", e.getMessage());
    }

    @Test
    void unknownFeatureListsTheRegisteredOnes() {
        List<ClientUpdate> us = StagesFixture.updates(new float[] {3}, new double[] {1}, new double[] {1});
        var e = assertThrows(IllegalArgumentException.class, () -> FeatureMatrix.of(List.of("nope"), FeatureInput.of(CTX, us)));
        assertEquals("unknown feature \"nope\", allowed: [lossG, lossD, update_norm, update_distance, krum_score,"
                + " output_deviation, output_deviation_global, output_deviation_now, update_redundancy, update_duplicate, update_angle]", e.getMessage());
    }
}
