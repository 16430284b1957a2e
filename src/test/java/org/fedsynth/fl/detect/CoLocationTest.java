package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.junit.jupiter.api.Test;

/**
 * pool_co_located by hand: two small colluders of a 10-client label-skewed federation (PneumoniaMNIST, Dirichlet 0.5,
 * seed 8: 102 and 86 of 2428 images) stamp one patch; each alone is too small for scale_by_share to let its ratio
 * through, together they are not.
 */
class CoLocationTest {

    private static final List<String> FEATURES = List.of("output_deviation", "update_redundancy");
    private static final double[] BASE = {102, 86, 46, 290, 19, 138, 126, 372, 289, 960};
    // round 10 of that federation's 2-colluder run: output_deviation (memory 0.8) per client
    private static final double[] WINDOW = {0.36, 0.26, 0.13, 0.07, 0.10, 0.09, 0.09, 0.06, 0.07, 0.09};
    private static final int RES = 32;
    private static final int SIDE = 4;

    private static double[][] x() {
        double[][] x = new double[WINDOW.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {WINDOW[i], 0.2};
        }
        return x;
    }

    private static boolean[] deviating(double[][] x) {
        double[][] raw = Vetoes.ratiosByFeature(x, null);
        boolean[] d = new boolean[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = raw[i][0] >= 2.5;
        }
        return d;
    }

    @Test
    void windowsIntersectWhenTheyOverlapByAPixel() {
        int at = 26 * RES + 26; // the bottom-right patch's window
        assertTrue(CoLocation.intersect(at, at, RES, SIDE));
        assertTrue(CoLocation.intersect(at, 23 * RES + 29, RES, SIDE), "3 rows up, 3 columns right: overlapping");
        assertFalse(CoLocation.intersect(at, 22 * RES + 26, RES, SIDE), "4 rows up: edge to edge, not overlapping");
        assertFalse(CoLocation.intersect(at, 26 * RES + 22, RES, SIDE));
        assertFalse(CoLocation.intersect(at, -1, RES, SIDE), "a map with no window");
    }

    @Test
    void colludersAtOnePlaceArePooledAndFlaggedWhereEachAloneIsNot() {
        double[][] x = x();
        boolean[] dev = deviating(x);
        assertTrue(dev[0] && dev[1], "both colluders reach the ratio before any weighting");
        for (int i = 2; i < dev.length; i++) {
            assertFalse(dev[i], "honest client " + i);
        }
        boolean[] all = new boolean[x.length];
        java.util.Arrays.fill(all, true);
        Vetoes.Flags alone = Vetoes.apply(x, all, null, true, 2.5, ShareScaling.ratioWeights(FEATURES, BASE));
        assertFalse(alone.flagged()[0] || alone.flagged()[1], "scale_by_share alone lets both through");

        int[] windows = new int[x.length];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = (i * 3) * RES + (i * 2); // the honest sites' windows, anywhere
        }
        windows[0] = 26 * RES + 26;
        windows[1] = 27 * RES + 25;
        CoLocation.Groups g = CoLocation.group(BASE, dev, windows, RES, SIDE);
        assertEquals(102 + 86, g.pooled()[0], 1e-12);
        assertEquals(g.pooled()[0], g.pooled()[1], 0.0);
        assertEquals(List.of(1), g.partners(0));
        assertEquals(List.of(0), g.partners(1));
        for (int i = 2; i < x.length; i++) {
            assertEquals(BASE[i], g.pooled()[i], 0.0, "client " + i + " keeps its own weight");
            assertTrue(g.partners(i).isEmpty());
        }
        Vetoes.Flags pooled = Vetoes.apply(x, all, null, true, 2.5, ShareScaling.ratioWeightsPooled(FEATURES, BASE, g.pooled()));
        assertTrue(pooled.flagged()[0], "the larger colluder is flagged with the pooled share: ratio " + pooled.ratio()[0]);
        for (int i = 2; i < x.length; i++) {
            assertFalse(pooled.flagged()[i], "honest client " + i);
        }

        // the same two deviating at different places: nothing is pooled
        windows[1] = 2 * RES + 3;
        CoLocation.Groups apart = CoLocation.group(BASE, dev, windows, RES, SIDE);
        assertEquals(102, apart.pooled()[0], 0.0);
        assertTrue(apart.partners(0).isEmpty());
        // alone, a client's factors are scale_by_share's to the bit
        double[][] plainWeights = ShareScaling.ratioWeights(FEATURES, BASE);
        double[][] pooledAlone = ShareScaling.ratioWeightsPooled(FEATURES, BASE, apart.pooled());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(plainWeights[i], pooledAlone[i], 0.0, "client " + i);
        }
    }

    @Test
    void onlyDeviatingClientsArePooledAndChainsFormOneGroup() {
        double[] shares = {0.1, 0.1, 0.1, 0.7};
        int[] windows = {0, 3, 6, 0}; // 0-1 overlap, 1-2 overlap, 0-2 do not; client 3 sits on client 0's window
        CoLocation.Groups g = CoLocation.group(shares, new boolean[] {true, true, true, false}, windows, 16, 4);
        assertArrayEquals(new int[] {0, 0, 0, 3}, g.group());
        assertEquals(0.3, g.pooled()[2], 1e-12, "a chain of overlaps is one group");
        assertEquals(0.7, g.pooled()[3], 1e-12, "a client that does not deviate is not pooled, wherever its window");
        assertThrows(IllegalArgumentException.class,
                () -> CoLocation.group(shares, new boolean[3], windows, 16, 4));
    }

    @Test
    void theSettingsRefuseItWithoutScaleByShareOrOutputDeviationAndSayTheFix() {
        FedDetectSettings base = FedDetectSettings.defaults().withMinRatio(2.5).withScaleByShare(true)
                .withFeatures(List.of("output_deviation"));
        assertTrue(base.withPoolCoLocated(true).poolCoLocated());
        var e = assertThrows(IllegalArgumentException.class, () -> base.withFeatures(List.of("lossG")).withPoolCoLocated(true));
        assertTrue(e.getMessage().contains("strategy.pool_co_located") && e.getMessage().contains("add output_deviation"),
                e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> base.withPoolCoLocated(true).withScaleByShare(false));
        assertTrue(f.getMessage().contains("set scale_by_share: true"), f.getMessage());
    }
}
