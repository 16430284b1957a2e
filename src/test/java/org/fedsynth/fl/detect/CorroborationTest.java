package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.fedsynth.fl.detect.feature.UpdateRedundancyFeature;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.junit.jupiter.api.Test;

/**
 * corroborate by hand, on rounds recorded from the shipped preset on 10 DermaMNIST clients with Dirichlet(0.5)
 * label skew and no attacker (seed 7): columns output_deviation, output_deviation_global, update_redundancy.
 */
class CorroborationTest {

    private static final List<String> FEATURES =
            List.of("output_deviation", "output_deviation_global", "update_redundancy");
    private static final double[] BASE = {136, 1328, 450, 1127, 621, 44, 716, 335, 2078, 176};

    // round 8: clients 3 and 8 (two large nv sites) resemble each other (0.301, residual cosine 0.26) and were flagged
    private static final double[][] ROUND8 = {
        {0.1142, 0.0521, 0.0712}, {0.0430, 0.0273, 0.0000}, {0.0451, 0.0271, 0.1001}, {0.0658, 0.0384, 0.3010},
        {0.0583, 0.0387, 0.0398}, {0.0796, 0.0393, 0.0120}, {0.0398, 0.0270, 0.0172}, {0.0542, 0.0323, 0.1001},
        {0.0559, 0.0371, 0.3010}, {0.0760, 0.0366, 0.0000},
    };
    // round 2: most residual cosines 0, two small sites at 0.0072: a ratio to a median of 0 is infinite
    private static final double[][] ROUND2 = {
        {0.0761, 0.0413, 0.0000}, {0.0658, 0.0401, 0.0000}, {0.0622, 0.0381, 0.0072}, {0.0741, 0.0491, 0.0000},
        {0.0725, 0.0431, 0.0000}, {0.0691, 0.0394, 0.0000}, {0.0634, 0.0406, 0.0000}, {0.0542, 0.0309, 0.0072},
        {0.0683, 0.0413, 0.0000}, {0.0733, 0.0442, 0.0000},
    };

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    private static Vetoes.Flags flags(double[][] x, Double corroborate) {
        double[][] r = Vetoes.ratiosByFeature(x, ShareScaling.ratioWeights(FEATURES, BASE));
        if (corroborate != null) {
            r = Corroboration.apply(FEATURES, x, r, corroborate).ratios();
        }
        return Vetoes.withRatios(x, all(x.length), null, true, 2.5, r);
    }

    @Test
    void anHonestPairThatOnlyResemblesEachOtherIsNoLongerFlagged() {
        Vetoes.Flags before = flags(ROUND8, null);
        assertTrue(before.flagged()[3] && before.flagged()[8], "without the stage the pair is flagged");
        Vetoes.Flags after = flags(ROUND8, 1.5);
        for (int i = 0; i < 10; i++) {
            assertFalse(after.flagged()[i], "client " + i + ": ratio " + after.ratio()[i]);
        }
        double[][] ratios = Vetoes.ratiosByFeature(ROUND8, ShareScaling.ratioWeights(FEATURES, BASE));
        Corroboration.Result r = Corroboration.apply(FEATURES, ROUND8, ratios, 1.5);
        assertEquals(before.ratio()[3], r.discounted()[3], 1e-12, "the discounted ratio is reported");
        assertEquals(0.0, r.ratios()[3][2]);
        assertArrayEquals(new double[] {ratios[3][0], ratios[3][1]}, new double[] {r.ratios()[3][0], r.ratios()[3][1]},
                "the image ratios are left as they were");
        assertTrue(ratios[3][2] > 0, "the input is not changed");
        assertEquals(0.0, r.discounted()[1], "a client without resemblance has nothing discounted");
    }

    @Test
    void aRatioAgainstAMedianOfZeroNeedsCorroborationToo() {
        Vetoes.Flags before = flags(ROUND2, null);
        assertTrue(Double.isInfinite(before.ratio()[2]) && before.flagged()[2]);
        Vetoes.Flags after = flags(ROUND2, 1.5);
        assertFalse(after.flagged()[2] || after.flagged()[7]);
    }

    @Test
    void aResemblanceBesideAnImageDeviationStillCounts() {
        double[][] x = Arrays.stream(ROUND8).map(double[]::clone).toArray(double[][]::new);
        // client 3 now also draws something the others do not: its window deviation 1.6x the others' median
        x[3][0] = 0.0559 * 1.6;
        Vetoes.Flags after = flags(x, 1.5);
        assertTrue(after.flagged()[3], "ratio " + after.ratio()[3]);
        assertTrue(after.ratio()[3] > 2.5, "the resemblance is what carries it over min_ratio");
        // at a higher corroborate the same deviation is not enough
        assertFalse(flags(x, 2.0).flagged()[3]);
    }

    @Test
    void aNearDuplicateStandsOnItsOwn() {
        double[][] x = Arrays.stream(ROUND8).map(double[]::clone).toArray(double[][]::new);
        // sybils: clients 4 and 6 send the same residual (cosine 0.999)
        x[4][2] = -Math.log(1 - 0.999);
        x[6][2] = -Math.log(1 - 0.999);
        assertTrue(x[4][2] >= UpdateRedundancyFeature.STANDS_ALONE);
        Vetoes.Flags after = flags(x, 1.5);
        assertTrue(after.flagged()[4] && after.flagged()[6], "sybils need no image deviation");
        assertFalse(after.flagged()[3], "the honest pair is still not flagged");
    }

    @Test
    void badSettingsAreRefusedWithTheKeyAndTheFix() {
        FedDetectSettings base = FedDetectSettings.defaults().withFeatures(FEATURES).withMinRatio(2.5);
        assertEquals(1.5, base.withCorroborate(1.5).corroborate());
        var noRatio = assertThrows(IllegalArgumentException.class,
                () -> FedDetectSettings.defaults().withFeatures(FEATURES).withCorroborate(1.5));
        assertTrue(noRatio.getMessage().contains("strategy.corroborate") && noRatio.getMessage().contains("set min_ratio"),
                noRatio.getMessage());
        var noImage = assertThrows(IllegalArgumentException.class,
                () -> base.withFeatures(List.of("update_redundancy")).withCorroborate(1.5));
        assertTrue(noImage.getMessage().contains("add output_deviation"), noImage.getMessage());
        var nothingToDo = assertThrows(IllegalArgumentException.class,
                () -> base.withFeatures(List.of("output_deviation")).withCorroborate(1.5));
        assertTrue(nothingToDo.getMessage().contains("update_redundancy"), nothingToDo.getMessage());
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> base.withCorroborate(bad));
            assertTrue(e.getMessage().contains("strategy.corroborate must be > 0"), e.getMessage());
        }
    }
}
