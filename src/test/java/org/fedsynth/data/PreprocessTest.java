package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessTest {

    private static ImageSet single(int c, int h, int w, byte[] pixels) {
        return new ImageSet(List.of("a"), c, h, w, List.of(pixels), new int[] {0}, "test");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void upscales28To32AndKeepsFlatImagesFlat() {
        ImageSet in = single(1, 28, 28, filled(28 * 28, 137));

        ImageSet out = Preprocess.toResolution(in, 32, 1);

        assertEquals(32, out.height());
        assertEquals(32, out.width());
        for (byte b : out.images().get(0)) {
            assertEquals(137, b & 0xFF);
        }
        assertArrayEquals(in.labels(), out.labels());
        assertEquals(in.classNames(), out.classNames());
    }

    @Test
    void upscalingInterpolatesBilinearly() {
        // A two-column gradient 0 -> 200 upscaled to 4 wide: centres at 0.25/0.75 of the span, edges clamped.
        ImageSet in = single(1, 2, 2, new byte[] {0, (byte) 200, 0, (byte) 200});

        byte[] out = Preprocess.toResolution(in, 4, 1).images().get(0);

        assertArrayEquals(new int[] {0, 50, 150, 200}, new int[] {out[0] & 0xFF, out[1] & 0xFF, out[2] & 0xFF, out[3] & 0xFF});
    }

    @Test
    void downscalingAveragesAreasInsteadOfAliasing() {
        // A one-pixel checkerboard: point sampling would give pure black or white; area averaging gives mid-gray.
        int n = 224;
        byte[] board = new byte[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                board[y * n + x] = (byte) (((x + y) & 1) == 0 ? 255 : 0);
            }
        }

        byte[] out = Preprocess.toResolution(single(1, n, n, board), 64, 1).images().get(0);

        for (byte b : out) {
            assertTrue(Math.abs((b & 0xFF) - 127.5) <= 12, "got " + (b & 0xFF));
        }
    }

    @Test
    void exactIntegerDownscaleIsTheBlockMean() {
        byte[] in = {0, 100, 10, 10, (byte) 200, 60, 10, 10, 1, 1, 2, 2, 1, 1, 2, 2};

        byte[] out = Preprocess.toResolution(single(1, 4, 4, in), 2, 1).images().get(0);

        assertArrayEquals(new byte[] {90, 10, 1, 2}, out);
    }

    @Test
    void rgbToGrayUsesBt601Luma() {
        // Four pixels: red, green, blue, gray 100; stored CHW.
        byte[] chw = new byte[12];
        int[][] px = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {100, 100, 100}};
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * 4 + p] = (byte) px[p][c];
            }
        }

        byte[] gray = Preprocess.toResolution(single(3, 2, 2, chw), 2, 1).images().get(0);

        assertArrayEquals(new int[] {76, 150, 29, 100}, new int[] {gray[0] & 0xFF, gray[1] & 0xFF, gray[2] & 0xFF, gray[3] & 0xFF});
    }

    @Test
    void grayToRgbReplicates() {
        ImageSet out = Preprocess.toResolution(single(1, 2, 2, new byte[] {1, 2, 3, 4}), 2, 3);

        assertEquals(3, out.channels());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, out.images().get(0));
    }

    @Test
    void nonSquareIsCenterCropped() {
        // 2 rows x 4 columns; the outer columns (value 9) must be cut away.
        byte[] in = {9, 1, 2, 9, 9, 3, 4, 9};

        ImageSet out = Preprocess.toResolution(single(1, 2, 4, in), 2, 1);

        assertArrayEquals(new byte[] {1, 2, 3, 4}, out.images().get(0));
    }

    @Test
    void returnsSameInstanceWhenNothingToDoAndRejectsBadArguments() {
        ImageSet in = single(1, 8, 8, new byte[64]);

        assertSame(in, Preprocess.toResolution(in, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> Preprocess.toResolution(in, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Preprocess.toResolution(in, 8, 2));
    }
}
