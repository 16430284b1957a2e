package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The FIBA frequency trigger (Feng et al., CVPR 2022) and its low-frequency DFT. */
class FrequencyTriggerTest {

    private static TriggerSpec freq(double alpha) {
        return TriggerSpec.of(TriggerType.FREQUENCY, TriggerSpec.DEFAULT_SIZE, TriggerLocation.bottomRight())
                .withAlpha(alpha);
    }

    /** Smooth X-ray-like images: a brighter blob on a mid-gray background (mean intensity ~0.4) plus mild noise. */
    private static float[] smoothImages(int n, int c, int res, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n * c * res * res];
        for (int k = 0; k < n; k++) {
            double cx = res * (0.3 + 0.4 * r.nextDouble());
            double cy = res * (0.3 + 0.4 * r.nextDouble());
            double rad = res * (0.2 + 0.1 * r.nextDouble());
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < res; y++) {
                    for (int x = 0; x < res; x++) {
                        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (rad * rad);
                        double v = -0.3 + 0.6 * Math.exp(-d2) + 0.05 * r.nextGaussian();
                        a[((k * c + ch) * res + y) * res + x] = (float) Math.max(-1, Math.min(1, v));
                    }
                }
            }
        }
        return a;
    }

    /** Naive full 2-D DFT: returns [re, im] planes. */
    private static double[][] naiveDft(double[] u, int n) {
        double[][] out = new double[2][n * n];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                double re = 0;
                double im = 0;
                for (int m = 0; m < n; m++) {
                    for (int c = 0; c < n; c++) {
                        double ang = -2 * Math.PI * ((double) k * m + (double) l * c) / n;
                        re += u[m * n + c] * Math.cos(ang);
                        im += u[m * n + c] * Math.sin(ang);
                    }
                }
                out[0][k * n + l] = re;
                out[1][k * n + l] = im;
            }
        }
        return out;
    }

    @Test
    void lowFrequencyDftMatchesNaiveDftAndInverts() {
        int n = 12;
        int half = 2;
        Random r = new Random(3);
        double[] u = new double[n * n];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextDouble();
        }
        LowFrequencyDft dft = new LowFrequencyDft(n, half);
        double[][] full = naiveDft(u, n);

        double[] win = dft.forward(u);

        int w = 2 * half + 1;
        for (int a = 0; a < w; a++) {
            for (int b = 0; b < w; b++) {
                int k = Math.floorMod(a - half, n);
                int l = Math.floorMod(b - half, n);
                assertEquals(full[0][k * n + l], win[(a * w + b) * 2], 1e-9);
                assertEquals(full[1][k * n + l], win[(a * w + b) * 2 + 1], 1e-9);
            }
        }
        // The inverse of the window spectrum is the low-pass image; its window spectrum is unchanged.
        double[] low = dft.inverseReal(win);
        assertArrayEquals(win, dft.forward(low), 1e-9);
    }

    @Test
    void alphaZeroIsExactlyTheIdentity() {
        FrequencyTrigger trig = build(freq(0.0), 32, 3);
        float[] img = smoothImages(2, 3, 32, 1);
        float[] before = img.clone();

        trig.apply(img, 3 * 32 * 32, 3, 32, new Random(0));

        assertArrayEquals(before, img);
    }

    @Test
    void perturbationIsSmallNonZeroAndDeterministic() {
        int res = 64;
        float[] clean = smoothImages(8, 3, res, 2);
        float[] a = clean.clone();
        float[] b = clean.clone();
        FrequencyTrigger t1 = build(freq(0.2), res, 3);
        FrequencyTrigger t2 = build(freq(0.2), res, 3);

        int per = 3 * res * res;
        for (int k = 0; k < 8; k++) {
            t1.apply(a, k * per, 3, res, new Random(k));
            t2.apply(b, k * per, 3, res, new Random(99));
        }

        assertArrayEquals(a, b, "deterministic, independent of the rng");
        double mse = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] - clean[i]) / 2.0; // in [0, 1] intensity
            mse += d * d;
            maxAbs = Math.max(maxAbs, Math.abs(d));
        }
        mse /= a.length;
        double psnr = 10 * Math.log10(1.0 / mse);
        assertTrue(mse > 0, "non-zero perturbation");
        assertTrue(psnr > 25, "PSNR " + psnr + " dB should exceed 25 dB");
        assertTrue(maxAbs < 0.25, "max change " + maxAbs + " in [0, 1] intensity");
    }

    @Test
    void blendsLowFrequencyAmplitudeKeepsPhaseAndLeavesHighFrequencies() {
        int n = 16;
        double alpha = 0.3;
        TriggerSpec spec = TriggerSpec.of(TriggerType.FREQUENCY, TriggerSpec.DEFAULT_SIZE, TriggerLocation.bottomRight())
                .withAlpha(alpha);
        spec = new TriggerSpec(spec.type(), spec.size(), spec.location(), null, 5L, alpha, 0.25);
        FrequencyTrigger trig = build(spec, n, 1);
        int half = 2; // floor(0.25 * 16 / 2)
        assertEquals(2 * half + 1, trig.frequencyWindow());
        // A mid-range image so that no value is clamped.
        Random r = new Random(4);
        float[] img = new float[n * n];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (0.3 * (r.nextDouble() - 0.5));
        }
        double[] uBefore = new double[n * n];
        double[] donor = new double[n * n];
        float[] donorModel = trig.donor();
        for (int i = 0; i < n * n; i++) {
            uBefore[i] = (img[i] + 1) / 2.0;
            donor[i] = (donorModel[i] + 1) / 2.0;
        }

        trig.apply(img, 0, 1, n, new Random(0));

        double[] uAfter = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            uAfter[i] = (img[i] + 1) / 2.0;
        }
        double[][] fb = naiveDft(uBefore, n);
        double[][] fa = naiveDft(uAfter, n);
        double[][] fd = naiveDft(donor, n);
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                int i = k * n + l;
                boolean inWindow = Math.min(k, n - k) <= half && Math.min(l, n - l) <= half;
                double ab = Math.hypot(fb[0][i], fb[1][i]);
                double aa = Math.hypot(fa[0][i], fa[1][i]);
                double ad = Math.hypot(fd[0][i], fd[1][i]);
                double tol = 2e-4 * n * n / 256; // float storage of the result
                if (inWindow) {
                    assertEquals((1 - alpha) * ab + alpha * ad, aa, tol, "amplitude at (" + k + "," + l + ")");
                    if (ab > 1e-3 && aa > 1e-3) {
                        double cross = fb[0][i] * fa[1][i] - fb[1][i] * fa[0][i];
                        assertEquals(0, cross / (ab * aa), 1e-3, "phase kept at (" + k + "," + l + ")");
                    }
                } else {
                    assertEquals(fb[0][i], fa[0][i], tol);
                    assertEquals(fb[1][i], fa[1][i], tol);
                }
            }
        }
    }

    @Test
    void grayscaleUsesLuminanceDonorAndChangesTheImage() {
        FrequencyTrigger gray = build(freq(0.2), 32, 1);
        FrequencyTrigger rgb = build(freq(0.2), 32, 3);
        float[] img = smoothImages(1, 1, 32, 7);
        float[] before = img.clone();

        gray.apply(img, 0, 1, 32, new Random(0));

        assertFalse(Arrays.equals(before, img));
        float[] p3 = rgb.donor();
        float[] p1 = gray.donor();
        int plane = 32 * 32;
        for (int i = 0; i < plane; i++) {
            double lum = 0.299 * (p3[i] + 1) / 2 + 0.587 * (p3[plane + i] + 1) / 2 + 0.114 * (p3[2 * plane + i] + 1) / 2;
            assertEquals(lum * 2 - 1, p1[i], 1e-6);
        }
        assertEquals(3, gray.frequencyWindow(), "floor(0.1 * 32 / 2) = 1, side 3");
    }

    /** A frequency trigger (every trigger these tests build is one). */
    private static FrequencyTrigger build(TriggerSpec spec, int res, int channels) {
        return (FrequencyTrigger) Trigger.build(spec, res, channels);
    }
}
