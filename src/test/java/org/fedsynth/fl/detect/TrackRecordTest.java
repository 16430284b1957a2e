package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrackRecordTest {

    private static final int[] IDS = {0, 1, 2, 3};
    private static final double[] BASE = {0.25, 0.25, 0.25, 0.25};
    private static final boolean[] ONE = {false, false, false, true};

    @Test
    void appliedFlagCountsAndDecaysTheWeight() {
        TrackRecord.Weights w = TrackRecord.apply(IDS, BASE, ONE, 1, 3, 2, 0.5, null, new TreeMap<>(Map.of(7, 4)), false);
        assertTrue(w.applied());
        assertArrayEquals(new int[] {0, 0, 0, 1}, w.counts());
        double s = 3 * 0.25 + 0.125;
        assertArrayEquals(new double[] {0.25 / s, 0.25 / s, 0.25 / s, 0.125 / s}, w.weights(), 1e-12);
        assertEquals(Map.of(3, 1, 7, 4), w.record(), "absent clients keep their counts");
    }

    @Test
    void warmUpAndMajorityGuardReportButDoNotCount() {
        TrackRecord.Weights warm = TrackRecord.apply(IDS, BASE, ONE, 1, 2, 2, 0.5, null, new TreeMap<>(), false);
        assertTrue(warm.warm());
        assertFalse(warm.applied());
        assertArrayEquals(BASE, warm.weights(), 1e-12);
        boolean[] half = {false, false, true, true};
        TrackRecord.Weights guard = TrackRecord.apply(IDS, BASE, half, 2, 5, 0, 0.5, null, new TreeMap<>(), false);
        assertTrue(guard.guard());
        assertArrayEquals(new int[] {0, 0, 0, 0}, guard.counts());
    }

    @Test
    void suppressionPersistsBlockAfterZeroesAndAllZeroFallsBack() {
        TreeMap<Integer, Integer> before = new TreeMap<>(Map.of(3, 2));
        TrackRecord.Weights w = TrackRecord.apply(IDS, BASE, new boolean[4], 0, 5, 0, 0.5, 2, before, false);
        assertTrue(w.blocked()[3]);
        assertEquals(0.0, w.weights()[3]);
        assertEquals(Map.of(3, 2), before, "the input is not modified");
        TrackRecord.Weights all = TrackRecord.apply(new int[] {3}, new double[] {1.0}, new boolean[1], 0, 5, 0, 0.5, 2,
                before, false);
        assertTrue(all.fallback());
        assertArrayEquals(new double[] {1.0}, all.weights(), 0.0);
    }

    @Test
    void excludeFlaggedZeroesAnAppliedFlagThisRoundOnlyAndKeepsTheDecayForLater() {
        TreeMap<Integer, Integer> before = new TreeMap<>(Map.of(3, 1));
        TrackRecord.Weights flagged = TrackRecord.apply(IDS, BASE, ONE, 1, 5, 1, 0.5, null, before, true);
        assertTrue(flagged.excluded()[3]);
        assertEquals(2, flagged.counts()[3], "the flag still counts");
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0, 0.0}, flagged.weights(), 1e-12);

        TrackRecord.Weights next = TrackRecord.apply(IDS, BASE, new boolean[4], 0, 6, 1, 0.5, null, flagged.record(),
                true);
        assertFalse(next.excluded()[3]);
        double s = 3 * 0.25 + 0.25 * 0.25;
        assertEquals(0.25 * 0.25 / s, next.weights()[3], 1e-12, "an unflagged round gives base * decay^count");

        TrackRecord.Weights warm = TrackRecord.apply(IDS, BASE, ONE, 1, 1, 1, 0.5, null, new TreeMap<>(), true);
        assertFalse(warm.excluded()[3], "a flag in the warm-up is not applied, so nothing is excluded");
        assertArrayEquals(BASE, warm.weights(), 1e-12);
        boolean[] half = {false, false, true, true};
        TrackRecord.Weights guard = TrackRecord.apply(IDS, BASE, half, 2, 5, 0, 0.5, null, new TreeMap<>(), true);
        assertArrayEquals(BASE, guard.weights(), 1e-12, "the majority guard holds exclusion back too");

        double[] third = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        TrackRecord.Weights none = TrackRecord.apply(new int[] {1, 2, 3}, third, new boolean[] {false, false, true}, 1,
                5, 0, 0.5, 2, new TreeMap<>(Map.of(1, 2, 2, 2)), true);
        assertTrue(none.excluded()[2]);
        assertTrue(none.fallback(), "two blocked and one excluded leave no weight: the base weights are used");
        assertArrayEquals(third, none.weights(), 0.0);
    }
}
