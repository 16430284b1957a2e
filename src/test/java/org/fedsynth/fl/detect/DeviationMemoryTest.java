package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeviationMemoryTest {

    @Test
    void blendsWithThePreviousMapAndKeepsAbsentClients() {
        TreeMap<Integer, double[]> prev = new TreeMap<>(Map.of(1, new double[] {2, 2}, 9, new double[] {7}));
        DeviationMemory m = new DeviationMemory(0.5, () -> prev);
        m.begin();
        assertArrayEquals(new double[] {1, 3}, m.blend(1, new double[] {0, 4}), 1e-12);
        assertArrayEquals(new double[] {5}, m.blend(2, new double[] {5}), 1e-12);
        assertEquals(3, m.remembered().size());
        assertArrayEquals(new double[] {7}, m.remembered().get(9), 0.0);
    }

    @Test
    void zeroMemoryNeitherReadsNorRemembers() {
        DeviationMemory m = new DeviationMemory(0.0, () -> {
            throw new AssertionError("not read");
        });
        m.begin();
        assertArrayEquals(new double[] {4}, m.blend(1, new double[] {4}), 0.0);
        assertTrue(m.remembered().isEmpty());
    }
}
