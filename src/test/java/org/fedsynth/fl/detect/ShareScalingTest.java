package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * scale_by_share by hand: a federation of many small sites and three large ones, no attacker. The 10-image site
 * draws its own images (a window deviation of 0.34 against about 0.1), the large sites draw like the rest.
 */
class ShareScalingTest {

    private static final List<String> FEATURES = List.of("output_deviation", "update_redundancy");
    // sample counts as in the 10-client Dirichlet(0.5) PneumoniaMNIST federation
    private static final double[] BASE = {230, 302, 61, 10, 55, 699, 37, 77, 894, 63};

    @Test
    void factorsAreTheShareTimesNCappedAtOne() {
        assertArrayEquals(new double[] {0.04, 1, 1, 1}, ShareScaling.factors(new double[] {10, 300, 300, 390}), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, ShareScaling.factors(new double[] {0.2, 0.2, 0.2}), 1e-12);
        assertArrayEquals(new double[] {1, 1}, ShareScaling.factors(new double[] {0, 0}), 1e-12);
        double[][] w = ShareScaling.ratioWeights(FEATURES, new double[] {10, 300, 300, 390});
        assertArrayEquals(new double[] {0.04, 1}, w[0], 1e-12, "only the image feature's ratio is weighed");
    }

    @Test
    void theSmallSiteIsNotFlaggedAndTheLargeOnesAreNotEither() {
        double[][] x = new double[10][];
        // round 18 of that federation without attack (output_deviation, memory 0.8)
        double[] window = {0.0805, 0.111, 0.117, 0.34, 0.152, 0.104, 0.0834, 0.11, 0.0885, 0.117};
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {window[i], 0.2};
        }
        boolean[] all = new boolean[10];
        java.util.Arrays.fill(all, true);
        Vetoes.Flags plain = Vetoes.apply(x, all, null, true, 2.5);
        assertTrue(plain.flagged()[3], "without the weights the 10-image site is flagged (ratio " + plain.ratio()[3] + ")");
        Vetoes.Flags weighed = Vetoes.apply(x, all, null, true, 2.5, ShareScaling.ratioWeights(FEATURES, BASE));
        for (int i = 0; i < 10; i++) {
            assertFalse(weighed.flagged()[i], "client " + i + ": ratio " + weighed.ratio()[i]);
        }
        // the large sites keep their own, unweighted ratio against the others' unweighted median
        assertEquals(plain.ratio()[8], weighed.ratio()[8], 1e-12);
        assertTrue(weighed.ratio()[8] < 2.5);
        // an attacker with an equal share or more is judged as before
        x[1][0] = 0.5;
        assertTrue(Vetoes.apply(x, all, null, true, 2.5, ShareScaling.ratioWeights(FEATURES, BASE)).flagged()[1]);
    }

    @Test
    void scaleByShareWithoutTheRatioVetoIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> org.fedsynth.fl.strategy.FedDetectSettings.defaults().withScaleByShare(true));
        assertTrue(e.getMessage().contains("strategy.scale_by_share") && e.getMessage().contains("set min_ratio"),
                e.getMessage());
    }
}
