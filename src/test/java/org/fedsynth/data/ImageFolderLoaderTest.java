package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsGrayPngsWithClassesInNameOrder() throws IOException {
        TestFiles.write(TestFiles.gray(4, 3, 0), "png", dir.resolve("pneumonia/a.png"));
        TestFiles.write(TestFiles.gray(4, 3, 50), "png", dir.resolve("normal/b.PNG"));
        TestFiles.write(TestFiles.gray(4, 3, 100), "png", dir.resolve("normal/a.png"));
        Files.writeString(dir.resolve("normal/notes.txt"), "ignored");

        ImageSet set = ImageFolderLoader.load(dir);

        assertEquals(List.of("normal", "pneumonia"), set.classNames());
        assertEquals(1, set.channels());
        assertEquals(3, set.height());
        assertEquals(4, set.width());
        assertArrayEquals(new int[] {0, 0, 1}, set.labels());
        assertEquals(100, set.images().get(0)[0] & 0xFF, "normal/a.png comes first");
        assertEquals(100 + 3 + 20, set.images().get(0)[2 * 4 + 3] & 0xFF, "pixel (3,2), row-major");
    }

    @Test
    void numericClassNamesSortNumerically() throws IOException {
        for (String c : List.of("10", "2", "1")) {
            TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve(c + "/x.png"));
        }

        assertEquals(List.of("1", "2", "10"), ImageFolderLoader.load(dir).classNames());
    }

    @Test
    void mixedGrayAndColourBecomesRgbAtFirstImageSize() throws IOException {
        TestFiles.write(TestFiles.gray(4, 4, 80), "png", dir.resolve("a/1.png"));
        TestFiles.write(TestFiles.filled(8, 8, BufferedImage.TYPE_INT_ARGB, 0x80FF0000), "png", dir.resolve("b/1.png"));
        TestFiles.write(TestFiles.filled(4, 4, BufferedImage.TYPE_INT_RGB, 0x204060), "jpg", dir.resolve("b/2.JPEG"));

        ImageSet set = ImageFolderLoader.load(dir);

        assertEquals(3, set.channels());
        assertEquals(4, set.height());
        byte[] gray = set.images().get(0);
        assertEquals(gray[0], gray[16], "gray replicated into G");
        assertEquals(gray[0], gray[32], "gray replicated into B");
        byte[] red = set.images().get(1);
        assertEquals(255, red[0] & 0xFF, "RGBA PNG: colour kept, alpha dropped, 8x8 area-averaged to 4x4");
        assertEquals(0, red[16] & 0xFF);
        byte[] jpeg = set.images().get(2);
        assertTrue(Math.abs((jpeg[0] & 0xFF) - 0x20) <= 6 && Math.abs((jpeg[32] & 0xFF) - 0x60) <= 6, "JPEG read");
    }

    @Test
    void missingRootIsNamed() {
        Path missing = dir.resolve("nope");

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderLoader.load(missing));

        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void rootWithoutClassFoldersIsAnError() throws IOException {
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("loose.png"));

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderLoader.load(dir));

        assertTrue(e.getMessage().contains("no class folders"), e.getMessage());
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("cls_a/1.png"));
        Files.createDirectories(dir.resolve("cls_b"));
        Files.writeString(dir.resolve("cls_b/readme.txt"), "not an image");

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderLoader.load(dir));

        assertTrue(e.getMessage().contains("folder cls_b has no images"), e.getMessage());
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        TestFiles.write(TestFiles.gray(2, 2, 0), "png", dir.resolve("a/1.png"));
        Path bad = dir.resolve("a/3.png");
        Files.writeString(bad, "this is not a png");

        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolderLoader.load(dir));

        assertTrue(e.getMessage().startsWith(bad + ": not a readable PNG/JPEG image"), e.getMessage());
        assertEquals(bad, e.path().orElseThrow());
    }

    @Test
    void writerRoundTripsPhantomsBitExactly() {
        for (String kind : Phantoms.KINDS) {
            ImageSet original = Phantoms.generate(kind, 6, 16, 3);
            Path out = dir.resolve(kind);

            ImageFolderWriter.write(original, out);
            ImageSet back = ImageFolderLoader.load(out);

            assertTrue(Files.isRegularFile(out.resolve(original.classNames().get(0) + "/"
                    + original.classNames().get(0) + "_00001.png")));
            assertEquals(original.classNames(), back.classNames());
            assertEquals(original.channels(), back.channels());
            // The writer groups by class; compare class by class in order.
            for (int c = 0; c < original.numClasses(); c++) {
                List<byte[]> a = imagesOf(original, c);
                List<byte[]> b = imagesOf(back, c);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i), b.get(i), kind + " class " + c + " image " + i);
                }
            }
        }
    }

    @Test
    void writerRefusesNonEmptyFolder() throws IOException {
        Files.writeString(dir.resolve("existing.txt"), "x");

        DatasetException e = assertThrows(DatasetException.class,
                () -> ImageFolderWriter.write(Phantoms.generate("cxr", 2, 8, 1), dir));

        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    private static List<byte[]> imagesOf(ImageSet set, int label) {
        return java.util.stream.IntStream.range(0, set.size()).filter(i -> set.label(i) == label)
                .mapToObj(i -> set.images().get(i)).toList();
    }
}
