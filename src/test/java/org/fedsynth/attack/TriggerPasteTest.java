package org.fedsynth.attack;

import static org.fedsynth.attack.Images.assertOutsideUnchanged;
import static org.fedsynth.attack.Images.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pixel-exact pasting of every patch trigger type, location kind, size and channel count. */
class TriggerPasteTest {

    private static TriggerSpec spec(TriggerType t, TriggerSize s, TriggerLocation l) {
        return TriggerSpec.of(t, s, l);
    }

    private static TriggerSpec image(Path png, int size) {
        return new TriggerSpec(TriggerType.IMAGE, TriggerSize.pixels(size), TriggerLocation.at(0, 0), png, 0L,
                TriggerSpec.DEFAULT_ALPHA, TriggerSpec.DEFAULT_BETA);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void solidWhiteBecomesExactlyPlusOneInEveryChannel(int channels) {
        PatchTrigger trig = build(spec(TriggerType.SOLID, TriggerSize.pixels(5), TriggerLocation.at(2, 3)), 16, channels);
        float[] img = Images.random(1, channels, 16, 1);
        float[] before = img.clone();

        trig.apply(img, 0, channels, 16, new Random(0));

        for (int c = 0; c < channels; c++) {
            for (int y = 3; y < 8; y++) {
                for (int x = 2; x < 7; x++) {
                    assertEquals(1.0f, at(img, 0, c, channels, 16, y, x));
                }
            }
        }
        assertOutsideUnchanged(before, img, 0, channels, 16, 2, 3, 5);
    }

    @ParameterizedTest
    @CsvSource({"32, 4, 27", "64, 8, 55", "128, 16, 109", "256, 32, 219", "32, 32, 0", "32, 31, 0"})
    void bottomRightUsesScaledMargin(int res, int size, int expectedXy) {
        PatchTrigger trig = build(spec(TriggerType.SOLID, TriggerSize.pixels(size), TriggerLocation.bottomRight()), res, 1);
        float[] img = new float[res * res];
        java.util.Arrays.fill(img, -1f);

        Trigger.Placement p = trig.apply(img, 0, 1, res, new Random(0));

        assertEquals(new Trigger.Placement(expectedXy, expectedXy), p);
        for (int y = 0; y < res; y++) {
            for (int x = 0; x < res; x++) {
                boolean inside = y >= expectedXy && y < expectedXy + size && x >= expectedXy && x < expectedXy + size;
                assertEquals(inside ? 1f : -1f, img[y * res + x], "(" + y + "," + x + ")");
            }
        }
    }

    @Test
    void fractionSizesResolveAtEachResolution() {
        TriggerSpec s = spec(TriggerType.SOLID, TriggerSize.fractionOf(0.125), TriggerLocation.bottomRight());

        assertEquals(4, build(s, 32, 3).size());
        assertEquals(8, build(s, 64, 3).size());
        assertEquals(16, build(s, 128, 1).size());
    }

    @ParameterizedTest
    @CsvSource({"1, 8, 2", "3, 8, 2", "1, 5, 1", "3, 3, 1", "1, 16, 4", "3, 9, 2", "3, 1, 1"})
    void checkerboardAlternatesCellsWhiteAtTopLeft(int channels, int size, int cell) {
        int res = 32;
        PatchTrigger trig = build(spec(TriggerType.CHECKERBOARD, TriggerSize.pixels(size), TriggerLocation.at(7, 4)),
                res, channels);
        float[] img = Images.random(2, channels, res, 2);
        float[] before = img.clone();

        trig.apply(img, channels * res * res, channels, res, new Random(0));

        assertArrayEquals(java.util.Arrays.copyOf(before, channels * res * res),
                java.util.Arrays.copyOf(img, channels * res * res), "first image untouched");
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    float expected = ((i / cell + j / cell) % 2 == 0) ? 1f : -1f;
                    assertEquals(expected, at(img, 1, c, channels, res, 4 + i, 7 + j));
                }
            }
        }
        assertOutsideUnchanged(before, img, 1, channels, res, 7, 4, size);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void noiseIsSeededUniformChannelByChannel(int channels) {
        int s = 6;
        TriggerSpec sp = spec(TriggerType.NOISE, TriggerSize.pixels(s), TriggerLocation.at(0, 0)).withSeed(42);
        PatchTrigger trig = build(sp, 16, channels);
        Random r = new Random(42);
        double[][] rgb = new double[3][s * s];
        for (double[] plane : rgb) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = r.nextDouble();
            }
        }
        float[] img = Images.random(1, channels, 16, 3);
        float[] before = img.clone();

        trig.apply(img, 0, channels, 16, new Random(0));

        for (int i = 0; i < s * s; i++) {
            for (int c = 0; c < channels; c++) {
                double v = channels == 3 ? rgb[c][i] : 0.299 * rgb[0][i] + 0.587 * rgb[1][i] + 0.114 * rgb[2][i];
                assertEquals((float) (v * 2 - 1), at(img, 0, c, channels, 16, i / s, i % s));
            }
        }
        assertOutsideUnchanged(before, img, 0, channels, 16, 0, 0, s);
        assertNotEquals(java.util.Arrays.toString(trig.patch()),
                java.util.Arrays.toString(build(sp.withSeed(43), 16, channels).patch()));
    }

    @ParameterizedTest
    @CsvSource({"3, 8", "1, 8", "3, 12", "3, 4", "1, 3", "3, 2"})
    void patternIsASeededSaturatedMosaicWithFeatheredBorder(int channels, int s) {
        int res = 32;
        PatchTrigger trig = build(spec(TriggerType.PATTERN, TriggerSize.pixels(s), TriggerLocation.at(5, 9)), res, channels);
        float[] img = Images.random(1, channels, res, 4);
        float[] before = img.clone();
        float[] patch = trig.patch();
        float[] alpha = trig.alpha();
        int g = Math.min(4, s);

        trig.apply(img, 0, channels, res, new Random(0));

        // Each cell is one palette colour (converted), neighbours differ, and deterministic from the seed.
        assertArrayEquals(patch, build(trig.spec(), res, channels).patch());
        Set<String> colours = new HashSet<>();
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                float[] here = new float[channels];
                for (int c = 0; c < channels; c++) {
                    here[c] = patch[c * s * s + i * s + j];
                }
                assertTrue(isPaletteColour(here), "pixel (" + i + "," + j + ") is not a palette colour");
                colours.add(java.util.Arrays.toString(here));
                int ci = i * g / s;
                int cj = j * g / s;
                int firstI = (ci * s + g - 1) / g;
                int firstJ = (cj * s + g - 1) / g;
                for (int c = 0; c < channels; c++) {
                    assertEquals(patch[c * s * s + firstI * s + firstJ], here[c], "cell not uniform");
                }
                boolean edgeI = s >= 4 && (i == 0 || i == s - 1);
                boolean edgeJ = s >= 4 && (j == 0 || j == s - 1);
                float a = (edgeI ? 0.5f : 1f) * (edgeJ ? 0.5f : 1f);
                assertEquals(a, alpha[i * s + j]);
                for (int c = 0; c < channels; c++) {
                    float x = at(before, 0, c, channels, res, 9 + i, 5 + j);
                    float expected = a == 1f ? here[c] : a * here[c] + (1f - a) * x;
                    assertEquals(expected, at(img, 0, c, channels, res, 9 + i, 5 + j));
                }
            }
        }
        assertTrue(colours.size() >= Math.min(2, g * g), "mosaic should have several colours");
        assertOutsideUnchanged(before, img, 0, channels, res, 5, 9, s);
        assertFalse(java.util.Arrays.equals(patch, build(trig.spec().withSeed(1), res, channels).patch())
                && s >= 4, "another seed gives another mosaic");
    }

    private static boolean isPaletteColour(float[] v) {
        for (double[] p : TriggerContent.PALETTE) {
            boolean match = true;
            if (v.length == 3) {
                for (int c = 0; c < 3; c++) {
                    match &= v[c] == (float) (p[c] * 2 - 1);
                }
            } else {
                match = v[0] == (float) ((0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) * 2 - 1);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    @Test
    void patternNeighbourCellsDiffer() {
        float[] patch = build(spec(TriggerType.PATTERN, TriggerSize.pixels(8), TriggerLocation.at(0, 0)), 8, 3).patch();

        for (int ci = 0; ci < 4; ci++) {
            for (int cj = 0; cj < 4; cj++) {
                int i = ci * 2 + 1;
                int j = cj * 2 + 1;
                if (cj > 0) {
                    assertFalse(sameColour(patch, 64, i * 8 + j, i * 8 + j - 2), "left neighbour repeats");
                }
                if (ci > 0) {
                    assertFalse(sameColour(patch, 64, i * 8 + j, (i - 2) * 8 + j), "upper neighbour repeats");
                }
            }
        }
    }

    private static boolean sameColour(float[] p, int plane, int a, int b) {
        return p[a] == p[b] && p[plane + a] == p[plane + b] && p[2 * plane + a] == p[2 * plane + b];
    }

    @Test
    void randomLocationStaysInsideIsSeededAndReachesTheEdges() {
        int res = 32;
        int s = 6;
        PatchTrigger trig = build(spec(TriggerType.SOLID, TriggerSize.pixels(s), TriggerLocation.random()), res, 3);
        Random a = new Random(11);
        Random b = new Random(11);
        Set<Integer> xs = new HashSet<>();
        Set<Integer> ys = new HashSet<>();

        for (int k = 0; k < 400; k++) {
            float[] img = new float[3 * res * res];
            java.util.Arrays.fill(img, -1f);
            Trigger.Placement p = trig.apply(img, 0, 3, res, a);
            assertEquals(p, trig.placement(b), "same seed, same placements");
            assertTrue(p.x() >= 0 && p.y() >= 0 && p.x() + s <= res && p.y() + s <= res, p.toString());
            xs.add(p.x());
            ys.add(p.y());
            int ones = 0;
            for (float v : img) {
                ones += v == 1f ? 1 : 0;
            }
            assertEquals(3 * s * s, ones);
            assertEquals(1f, at(img, 0, 2, 3, res, p.y() + s - 1, p.x() + s - 1));
        }
        assertEquals(res - s + 1, xs.size(), "every column position reachable");
        assertEquals(res - s + 1, ys.size(), "every row position reachable");
    }

    @Test
    void imageTriggerUsesPngPixelsExactlyAtNativeSize(@TempDir Path dir) throws Exception {
        BufferedImage png = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
        int[][] rgb = {{255, 0, 0}, {0, 128, 0}, {10, 20, 30}, {200, 200, 200}, {0, 0, 255}, {255, 255, 255},
            {0, 0, 0}, {90, 180, 45}, {1, 2, 3}};
        for (int k = 0; k < 9; k++) {
            png.setRGB(k % 3, k / 3, (rgb[k][0] << 16) | (rgb[k][1] << 8) | rgb[k][2]);
        }
        Path file = dir.resolve("trigger.png");
        ImageIO.write(png, "png", file.toFile());
        TriggerSpec sp = new TriggerSpec(TriggerType.IMAGE, TriggerSize.pixels(3), TriggerLocation.at(1, 1), file, 0L,
                TriggerSpec.DEFAULT_ALPHA, TriggerSpec.DEFAULT_BETA);
        PatchTrigger rgbTrig = build(sp, 8, 3);
        PatchTrigger grayTrig = build(sp, 8, 1);
        float[] img3 = Images.random(1, 3, 8, 5);
        float[] img1 = Images.random(1, 1, 8, 5);
        float[] before3 = img3.clone();

        rgbTrig.apply(img3, 0, 3, 8, new Random(0));
        grayTrig.apply(img1, 0, 1, 8, new Random(0));

        for (int k = 0; k < 9; k++) {
            for (int c = 0; c < 3; c++) {
                assertEquals((float) (rgb[k][c] / 255.0 * 2 - 1), at(img3, 0, c, 3, 8, 1 + k / 3, 1 + k % 3));
            }
            double lum = (0.299 * rgb[k][0] + 0.587 * rgb[k][1] + 0.114 * rgb[k][2]) / 255.0;
            assertEquals((float) (Math.min(1, lum) * 2 - 1), at(img1, 0, 0, 1, 8, 1 + k / 3, 1 + k % 3), 1e-6f);
        }
        assertOutsideUnchanged(before3, img3, 0, 3, 8, 1, 1, 3);
    }

    @Test
    void imageTriggerResizesReadsGrayByValueAndBlendsPngAlpha(@TempDir Path dir) throws Exception {
        BufferedImage gray = new BufferedImage(7, 7, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                gray.getRaster().setSample(x, y, 0, 51);
            }
        }
        Path grayFile = dir.resolve("gray.png");
        ImageIO.write(gray, "png", grayFile.toFile());
        BufferedImage half = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        for (int k = 0; k < 4; k++) {
            half.setRGB(k % 2, k / 2, (0 << 24) | 0xFFFFFF);
        }
        half.setRGB(0, 0, 0xFFFFFFFF);
        Path alphaFile = dir.resolve("alpha.png");
        ImageIO.write(half, "png", alphaFile.toFile());

        PatchTrigger g = build(image(grayFile, 4), 8, 3);
        PatchTrigger a = build(image(alphaFile, 2), 8, 1);
        float[] img = new float[64];
        java.util.Arrays.fill(img, -1f);

        a.apply(img, 0, 1, 8, new Random(0));

        for (float v : g.patch()) {
            assertEquals((float) (51 / 255.0 * 2 - 1), v, 1e-6f, "gray 51 read by value, constant after resize");
        }
        assertEquals(1f, img[0], "opaque PNG pixel replaces");
        assertEquals(-1f, img[1], "transparent PNG pixel leaves the image");
        assertEquals(-1f, img[8]);
    }

    @Test
    void applyRejectsWrongShapes() {
        PatchTrigger trig = build(TriggerSpec.defaults(), 32, 3);

        assertThrows(IllegalArgumentException.class, () -> trig.apply(new float[3 * 32 * 32], 0, 1, 32, new Random()));
        assertThrows(IllegalArgumentException.class, () -> trig.apply(new float[3 * 64 * 64], 0, 3, 64, new Random()));
        assertThrows(IllegalArgumentException.class, () -> trig.apply(new float[3 * 32 * 32], 1, 3, 32, new Random()));
        assertThrows(IllegalArgumentException.class, () -> trig.pasteAt(new float[3 * 32 * 32], 0, 30, 0));
    }

    /** A patch trigger (every type these tests build is one). */
    private static PatchTrigger build(TriggerSpec spec, int res, int channels) {
        return (PatchTrigger) Trigger.build(spec, res, channels);
    }
}
