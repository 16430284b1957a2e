package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsGraySplitWithColumnLabels() throws IOException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("train_images", TestFiles.npyU8(new int[] {3, 2, 4}, TestFiles.ramp(24)));
        arrays.put("train_labels", TestFiles.npyU8(new int[] {3, 1}, new byte[] {0, 2, 1}));
        arrays.put("test_images", TestFiles.npyU8(new int[] {1, 2, 4}, new byte[8]));
        arrays.put("test_labels", TestFiles.npyU8(new int[] {1, 1}, new byte[] {0}));
        Path npz = TestFiles.npz(dir.resolve("m.npz"), arrays);

        ImageSet set = NpzLoader.load(npz, "train");

        assertEquals(List.of("0", "1", "2"), set.classNames());
        assertEquals(1, set.channels());
        assertEquals(2, set.height());
        assertEquals(4, set.width());
        assertArrayEquals(new int[] {0, 2, 1}, set.labels());
        assertEquals(8, set.images().get(1)[0]);
        assertEquals(List.of("0", "1", "2"), NpzLoader.load(npz, "test").classNames(), "classes from all splits");
        assertEquals(List.of("train", "test"), NpzLoader.splits(npz));
    }

    @Test
    void loadsRgbHwcAsChwWithInt64Labels() throws IOException {
        // One 1x2 RGB image: pixel 0 = (1,2,3), pixel 1 = (4,5,6).
        Path npz = TestFiles.npz(dir.resolve("rgb.npz"), Map.of(
                "val_images", TestFiles.npyU8(new int[] {1, 1, 2, 3}, new byte[] {1, 2, 3, 4, 5, 6}),
                "val_labels", TestFiles.npyI64(new int[] {1}, 1)));

        ImageSet set = NpzLoader.load(npz, "val");

        assertEquals(3, set.channels());
        assertArrayEquals(new byte[] {1, 4, 2, 5, 3, 6}, set.images().get(0));
        assertEquals(List.of("0", "1"), set.classNames());
    }

    @Test
    void missingSplitListsFoundArrays() throws IOException {
        Path npz = TestFiles.npz(dir.resolve("foo.npz"), new java.util.TreeMap<>(Map.of(
                "train_images", TestFiles.npyU8(new int[] {1, 1, 1}, new byte[1]),
                "train_labels", TestFiles.npyU8(new int[] {1}, new byte[1]))));

        DatasetException e = assertThrows(DatasetException.class, () -> NpzLoader.load(npz, "val"));

        assertTrue(e.getMessage().startsWith(npz + ": missing array 'val_images' (found: train_images, train_labels"),
                e.getMessage());
    }

    @Test
    void badShapesAndCountsAreExplained() throws IOException {
        Path flat = TestFiles.npz(dir.resolve("flat.npz"), Map.of(
                "train_images", TestFiles.npyU8(new int[] {10, 28}, new byte[280]),
                "train_labels", TestFiles.npyU8(new int[] {10}, new byte[10])));
        Path mismatch = TestFiles.npz(dir.resolve("n.npz"), Map.of(
                "train_images", TestFiles.npyU8(new int[] {2, 1, 1}, new byte[2]),
                "train_labels", TestFiles.npyU8(new int[] {3}, new byte[3])));
        Path multi = TestFiles.npz(dir.resolve("multi.npz"), Map.of(
                "train_images", TestFiles.npyU8(new int[] {2, 1, 1}, new byte[2]),
                "train_labels", TestFiles.npyU8(new int[] {2, 14}, new byte[28])));

        String m1 = assertThrows(DatasetException.class, () -> NpzLoader.load(flat, "train")).getMessage();
        String m2 = assertThrows(DatasetException.class, () -> NpzLoader.load(mismatch, "train")).getMessage();
        String m3 = assertThrows(DatasetException.class, () -> NpzLoader.load(multi, "train")).getMessage();

        assertTrue(m1.contains("train_images has shape (10, 28) — expected (N,H,W) or (N,H,W,3)"), m1);
        assertTrue(m2.contains("train_images has 2 images but train_labels has 3 labels"), m2);
        assertTrue(m3.contains("train_labels has shape (2, 14) — expected (N,) or (N,1)"), m3);
    }

    @Test
    void unsupportedHeaderVariantsAreExplained() throws IOException {
        Path fortran = TestFiles.npz(dir.resolve("f.npz"), Map.of(
                "train_images", TestFiles.npy("|u1", new int[] {1, 2, 2}, true, new byte[4]),
                "train_labels", TestFiles.npyU8(new int[] {1}, new byte[1])));
        Path floats = TestFiles.npz(dir.resolve("d.npz"), Map.of(
                "train_images", TestFiles.npyU8(new int[] {1, 1, 1}, new byte[1]),
                "train_labels", TestFiles.npy("<f4", new int[] {1}, false, new byte[4])));
        Path truncated = TestFiles.npz(dir.resolve("t.npz"), Map.of(
                "train_images", TestFiles.npyU8(new int[] {2, 2, 2}, new byte[5]),
                "train_labels", TestFiles.npyU8(new int[] {2}, new byte[2])));

        String m1 = assertThrows(DatasetException.class, () -> NpzLoader.load(fortran, "train")).getMessage();
        String m2 = assertThrows(DatasetException.class, () -> NpzLoader.load(floats, "train")).getMessage();
        String m3 = assertThrows(DatasetException.class, () -> NpzLoader.load(truncated, "train")).getMessage();

        assertTrue(m1.startsWith(fortran + ": array 'train_images' is stored in Fortran order"), m1);
        assertTrue(m2.contains("dtype '<f4'; supported: '|u1'"), m2);
        assertTrue(m3.contains("has 5 data bytes") && m3.contains("need 8"), m3);
    }

    @Test
    void notAZipOrMissingIsNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("x.npz"), "hello");
        Path missing = dir.resolve("missing.npz");

        String m1 = assertThrows(DatasetException.class, () -> NpzLoader.splits(text)).getMessage();
        String m2 = assertThrows(DatasetException.class, () -> NpzLoader.load(missing, "train")).getMessage();

        assertTrue(m1.startsWith(text + ": not a .npz file"), m1);
        assertEquals(missing + ": file not found", m2);
    }

    @Test
    void readsSharedPneumoniaMnistWhenPresent() {
        Path npz = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data"), "pneumoniamnist.npz");
        assumeTrue(Files.isRegularFile(npz), "shared data not present: " + npz);

        ImageSet train = NpzLoader.load(npz, "train");

        assertEquals(List.of("train", "val", "test"), NpzLoader.splits(npz));
        assertEquals(2428, train.size());
        assertEquals(1, train.channels());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        assertArrayEquals(new int[] {1214, 1214}, train.classCounts());
        assertEquals(270, NpzLoader.load(npz, "val").size());
        assertEquals(468, NpzLoader.load(npz, "test").size());
        ImageSet at32 = Preprocess.toResolution(train, 32, 1);
        assertEquals(32, at32.height());
    }
}
