package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureIOTest {

    @TempDir
    Path dir;

    private static final double[][] AWKWARD = {
            {1.0 / 3, -0.0, 1e-300, Double.MAX_VALUE},
            {-2.5, Double.MIN_VALUE, 123456789.0123, -1e20},
            {0.1 + 0.2, 0, 7, Math.PI}};

    @Test
    void roundTripWithLabelsIsExact() throws IOException {
        Path f = dir.resolve("sub/features.csv");
        FeatureIO.write(f, AWKWARD, new int[] {0, -3, 12});
        assertTrue(Files.readAllLines(f).get(0).equals("f0,f1,f2,f3,label"));
        StringBuilder expected = new StringBuilder("f0,f1,f2,f3,label\n");
        int[] labels = {0, -3, 12};
        for (int i = 0; i < AWKWARD.length; i++) {
            for (double v : AWKWARD[i]) {
                expected.append(v).append(',');
            }
            expected.append(labels[i]).append('\n');
        }
        assertEquals(expected.toString(), Files.readString(f), "Double.toString values, LF line ends, nothing quoted");
        FeatureIO.Table t = FeatureIO.read(f);
        assertTrue(t.hasLabels());
        assertArrayEquals(new int[] {0, -3, 12}, t.labels());
        assertEquals(AWKWARD.length, t.features().length);
        for (int i = 0; i < AWKWARD.length; i++) {
            assertArrayEquals(AWKWARD[i], t.features()[i], 0.0);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(t.features()[0][1]));
    }

    @Test
    void roundTripWithoutLabels() throws IOException {
        Path f = dir.resolve("plain.csv");
        FeatureIO.write(f, Samples.REF_REAL);
        assertEquals("f0,f1,f2", Files.readAllLines(f).get(0));
        FeatureIO.Table t = FeatureIO.read(f);
        assertFalse(t.hasLabels());
        assertNull(t.labels());
        assertEquals(Samples.REF_FD, FrechetDistance.of(t.features(), Samples.REF_FAKE), 1e-9);
        for (int i = 0; i < Samples.REF_REAL.length; i++) {
            assertArrayEquals(Samples.REF_REAL[i], t.features()[i], 0.0);
        }
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "f0,f1\n1,2\n3\n");
        assertThrows(IOException.class, () -> FeatureIO.read(bad));
        Files.writeString(bad, "a,b\n1,2\n");
        assertThrows(IOException.class, () -> FeatureIO.read(bad));
        Files.writeString(bad, "f0,label\n1,x\n");
        assertThrows(IOException.class, () -> FeatureIO.read(bad));
        Files.writeString(bad, "f0,f1\n1,2\n\n3\n");
        assertTrue(assertThrows(IOException.class, () -> FeatureIO.read(bad)).getMessage().endsWith("bad.csv:4: 1 fields, expected 2"));
        assertThrows(IllegalArgumentException.class, () -> FeatureIO.write(dir.resolve("x.csv"), AWKWARD, new int[] {1}));
    }
}
