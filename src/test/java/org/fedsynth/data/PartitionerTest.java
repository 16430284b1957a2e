package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionerTest {

    /** A set of {@code n} tiny images with labels cycling through {@code classes} classes. */
    private static ImageSet labelled(int n, int classes) {
        List<byte[]> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            images.add(new byte[] {(byte) i});
            labels[i] = i % classes;
        }
        return new ImageSet(ClassOrder.numbered(classes), 1, 1, 1, images, labels, "toy");
    }

    private static void assertEachIndexOnce(List<int[]> parts, int n) {
        int[] all = parts.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(), all);
    }

    @Test
    void iidSplitsEvenlyAndUsesEveryIndexOnce() {
        ImageSet set = labelled(103, 2);

        List<int[]> parts = Partitioner.iid(set, 5, 7);

        assertEquals(5, parts.size());
        int min = parts.stream().mapToInt(p -> p.length).min().orElseThrow();
        int max = parts.stream().mapToInt(p -> p.length).max().orElseThrow();
        assertTrue(max - min <= 1, min + ".." + max);
        assertEachIndexOnce(parts, 103);
    }

    @Test
    void schemesAreDeterministicGivenTheSeed() {
        ImageSet set = labelled(200, 4);

        for (String scheme : List.of("iid", "dirichlet")) {
            List<int[]> a = Partitioner.partition(set, scheme, 6, 0.5, 11);
            List<int[]> b = Partitioner.partition(set, scheme, 6, 0.5, 11);
            List<int[]> c = Partitioner.partition(set, scheme, 6, 0.5, 12);
            for (int k = 0; k < 6; k++) {
                assertArrayEquals(a.get(k), b.get(k), scheme);
            }
            assertTrue(java.util.stream.IntStream.range(0, 6).anyMatch(k -> !Arrays.equals(a.get(k), c.get(k))),
                    scheme + ": another seed gives another split");
        }
    }

    @Test
    void dirichletUsesEveryIndexOnceAndLeavesNoClientEmpty() {
        ImageSet set = labelled(40, 2);

        for (double alpha : new double[] {0.01, 0.1, 1, 100}) {
            List<int[]> parts = Partitioner.dirichlet(set, 10, alpha, 3);

            assertEachIndexOnce(parts, 40);
            assertTrue(parts.stream().allMatch(p -> p.length >= 1), "alpha " + alpha);
        }
    }

    @Test
    void smallAlphaGivesStrongLabelSkew() {
        ImageSet set = labelled(1000, 4);

        double skewed = meanMaxClassShare(set, Partitioner.dirichlet(set, 10, 0.1, 1));
        double even = meanMaxClassShare(set, Partitioner.dirichlet(set, 10, 100, 1));

        assertTrue(skewed > 0.7, "alpha 0.1: " + skewed);
        assertTrue(even < 0.4, "alpha 100: " + even);
    }

    private static double meanMaxClassShare(ImageSet set, List<int[]> parts) {
        return parts.stream().mapToDouble(p -> {
            int[] counts = set.subset(p, "c").classCounts();
            return (double) Arrays.stream(counts).max().orElseThrow() / p.length;
        }).average().orElseThrow();
    }

    @Test
    void sharedGivesEveryClientEverything() {
        ImageSet set = labelled(5, 2);

        List<int[]> parts = Partitioner.partition(set, "SHARED", 3, 0, 0);

        assertEquals(3, parts.size());
        for (int[] p : parts) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, p);
        }
    }

    @Test
    void subsetsCarryLabelsAndClientSources() {
        ImageSet set = labelled(6, 3);

        List<ImageSet> clients = Partitioner.subsets(set, List.of(new int[] {0, 4}, new int[] {5}));

        assertArrayEquals(new int[] {0, 1}, clients.get(0).labels());
        assertEquals("toy [client 2/2]", clients.get(1).source());
    }

    @Test
    void invalidArgumentsAreRejectedWithReasons() {
        ImageSet set = labelled(3, 2);

        String m1 = assertThrows(IllegalArgumentException.class, () -> Partitioner.iid(set, 0, 1)).getMessage();
        String m2 = assertThrows(IllegalArgumentException.class, () -> Partitioner.iid(set, 4, 1)).getMessage();
        String m3 = assertThrows(IllegalArgumentException.class, () -> Partitioner.dirichlet(set, 2, 0, 1)).getMessage();
        String m4 = assertThrows(IllegalArgumentException.class,
                () -> Partitioner.partition(set, "folders", 2, 1, 1)).getMessage();

        assertTrue(m1.contains(">= 1"), m1);
        assertTrue(m2.contains("4 clients") && m2.contains("only 3"), m2);
        assertTrue(m3.contains("alpha must be a positive number"), m3);
        assertTrue(m4.contains("unknown partition scheme 'folders'") && m4.contains("fromFolders"), m4);
        assertThrows(IllegalArgumentException.class, () -> Partitioner.shared(set, 0));
    }

    @Test
    void gammaSamplerHasTheRightMean() {
        SplittableRandom rng = new SplittableRandom(4);
        for (double shape : new double[] {0.3, 2.5}) {
            double sum = 0;
            for (int i = 0; i < 20000; i++) {
                sum += Partitioner.gamma(shape, rng);
            }
            assertEquals(shape, sum / 20000, 0.05 * shape + 0.01, "Gamma(" + shape + ") mean");
        }
    }

    @Test
    void fromFoldersAlignsClassesAcrossClients(@TempDir Path dir) throws IOException {
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("site1/normal/1.png"));
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("site1/pneumonia/1.png"));
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("site2/pneumonia/1.png"));

        List<ImageSet> clients = Partitioner.fromFolders(List.of(dir.resolve("site1"), dir.resolve("site2")));

        assertEquals(List.of("normal", "pneumonia"), clients.get(1).classNames());
        assertArrayEquals(new int[] {1}, clients.get(1).labels(), "site2's only class keeps index 1");
        assertArrayEquals(new int[] {0, 1}, clients.get(0).labels());
    }
}
