package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the sub-pixel transposed convolution against the textbook definition. */
class TransposedConv4Test {

    /** y[b,o,p,q] = sum_{i,u,v: p = s*m - pad + u, q = s*n - pad + v} x[b,i,m,n] W[i,o,u,v]. */
    static float[] naive(float[] x, int b, int in, int h, int w, float[] k, int out, int stride, int pad) {
        int oh = (h - 1) * stride - 2 * pad + 4;
        int ow = (w - 1) * stride - 2 * pad + 4;
        float[] y = new float[b * out * oh * ow];
        for (int n = 0; n < b; n++)
            for (int i = 0; i < in; i++)
                for (int m = 0; m < h; m++)
                    for (int c = 0; c < w; c++)
                        for (int o = 0; o < out; o++)
                            for (int u = 0; u < 4; u++)
                                for (int v = 0; v < 4; v++) {
                                    int p = m * stride - pad + u;
                                    int q = c * stride - pad + v;
                                    if (p < 0 || q < 0 || p >= oh || q >= ow) continue;
                                    y[((n * out + o) * oh + p) * ow + q] +=
                                            x[((n * in + i) * h + m) * w + c] * k[((i * out + o) * 4 + u) * 4 + v];
                                }
        return y;
    }

    static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void upsampleMatchesDefinition() {
        Random r = new Random(7);
        int b = 2, in = 3, out = 5, h = 4, w = 3;
        float[] x = random(b * in * h * w, r);
        float[] k = random(in * out * 16, r);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = TransposedConv4.upsample(m.create(x, new Shape(b, in, h, w)), m.create(k, new Shape(in, out, 4, 4)));
            assertArrayEquals(new long[] {b, out, 2 * h, 2 * w}, y.getShape().getShape());
            assertArrayEquals(naive(x, b, in, h, w, k, out, 2, 1), y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void projectMatchesDefinition() {
        Random r = new Random(8);
        int b = 3, in = 6, out = 2;
        float[] x = random(b * in, r);
        float[] k = random(in * out * 16, r);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = TransposedConv4.project(m.create(x, new Shape(b, in, 1, 1)), m.create(k, new Shape(in, out, 4, 4)));
            assertArrayEquals(naive(x, b, in, 1, 1, k, out, 1, 0), y.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void theFusedFormMatchesTheDefinitionForTheImageLayerAndWiderOnes() {
        Random r = new Random(9);
        for (int out : new int[] {1, 3, 5}) {
            int b = 2, in = 4, h = 5, w = 3;
            float[] x = random(b * in * h * w, r);
            float[] k = random(in * out * 16, r);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray y = TransposedConv4.upsampleFused(m.create(x, new Shape(b, in, h, w)),
                        m.create(k, new Shape(in, out, 4, 4)));
                assertArrayEquals(new long[] {b, out, 2 * h, 2 * w}, y.getShape().getShape());
                assertArrayEquals(naive(x, b, in, h, w, k, out, 2, 1), y.toFloatArray(), 1e-4f, "out " + out);
            }
        }
    }

    @Test
    void theFusedFormDrawsThePhasesImagesToRoundOffAtTheGeneratorsShapes() {
        Random r = new Random(10);
        // the image layers of the 32px (base 32 and 64) and 64px RGB generators, batch 4
        int[][] shapes = {{32, 1, 16}, {64, 1, 16}, {64, 3, 32}};
        for (int[] sh : shapes) {
            int b = 4, in = sh[0], out = sh[1], h = sh[2];
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(random(b * in * h * h, r), new Shape(b, in, h, h));
                NDArray k = m.create(random(in * out * 16, r), new Shape(in, out, 4, 4));
                float[] phases = TransposedConv4.upsample(x, k).toFloatArray();
                float[] fused = TransposedConv4.upsampleFused(x, k).toFloatArray();
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < phases.length; i++) {
                    worst = Math.max(worst, Math.abs(phases[i] - fused[i]));
                    scale = Math.max(scale, Math.abs(phases[i]));
                }
                assertTrue(scale > 1, "a non-trivial output");
                assertTrue(worst <= 1e-5 * scale, "in " + in + " out " + out + ": largest difference " + worst
                        + " of outputs up to " + scale);
            }
        }
    }
}
