package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

/** Test helpers: random images in [-1, 1] and region checks. */
final class Images {

    private Images() {
    }

    /** {@code n} images of {@code c x res x res} uniform in [-1, 1]. */
    static float[] random(int n, int c, int res, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * c * res * res];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }

    /** Value at channel {@code c}, row {@code y}, column {@code x} of image {@code img}. */
    static float at(float[] a, int img, int c, int channels, int res, int y, int x) {
        return a[((img * channels + c) * res + y) * res + x];
    }

    /** Asserts that pixels outside the square {@code [x, x+s) x [y, y+s)} of image {@code img} are unchanged. */
    static void assertOutsideUnchanged(float[] before, float[] after, int img, int channels, int res, int x, int y, int s) {
        for (int c = 0; c < channels; c++) {
            for (int yy = 0; yy < res; yy++) {
                for (int xx = 0; xx < res; xx++) {
                    boolean inside = yy >= y && yy < y + s && xx >= x && xx < x + s;
                    if (!inside) {
                        assertEquals(at(before, img, c, channels, res, yy, xx), at(after, img, c, channels, res, yy, xx),
                                "pixel c" + c + " (" + yy + "," + xx + ") outside the patch changed");
                    }
                }
            }
        }
    }
}
