package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** scale_by_share by hand: sample counts 10, 300, 300, 390 (shares 0.01, 0.3, 0.3, 0.39) of 4 clients. */
class ShareScalingTest {

    @Test
    void onlyTheImageFeaturesOfSitesBelowAnEqualShareShrink() {
        double[] base = {10, 300, 300, 390};
        assertArrayEquals(new double[] {0.04, 1, 1, 1}, ShareScaling.factors(base), 1e-12);
        double[][] x = {{0.34, 0.08, 5, 1}, {0.1, 0.03, 5, 1}, {0.1, 0.03, 5, 1}, {0.1, 0.03, 5, 1}};
        ShareScaling.apply(x, List.of("output_deviation", "output_deviation_global", "update_redundancy", "lossG"), base);
        assertArrayEquals(new double[] {0.34 * 0.04, 0.08 * 0.04, 5, 1}, x[0], 1e-12);
        assertArrayEquals(new double[] {0.1, 0.03, 5, 1}, x[3], 1e-12, "an equal share or more keeps its evidence");
    }

    @Test
    void equalSharesChangeNothing() {
        assertArrayEquals(new double[] {1, 1, 1}, ShareScaling.factors(new double[] {0.2, 0.2, 0.2}), 1e-12);
        assertArrayEquals(new double[] {1, 1}, ShareScaling.factors(new double[] {0, 0}), 1e-12);
    }
}
