package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputDeviationTest {

    private static final int B = 8;
    private static final int C = 3;
    private static final int R = 16;

    /** Gaussian images: the shared content plus per-client noise of the given sd. */
    private static float[][] clients(int n, double noiseSd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] shared = new float[B * C * R * R];
        for (int k = 0; k < shared.length; k++) {
            shared[k] = (float) (rng.nextDouble() * 2 - 1) * 0.5f;
        }
        float[][] out = new float[n][shared.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < shared.length; k++) {
                out[i][k] = shared[k] + (float) (noiseSd * gaussian(rng));
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Pastes a constant square on every sample and channel of one client's images. */
    private static void stamp(float[] img, int x0, int y0, int side, float value) {
        for (int b = 0; b < B; b++) {
            for (int c = 0; c < C; c++) {
                for (int y = y0; y < y0 + side; y++) {
                    for (int x = x0; x < x0 + side; x++) {
                        img[((b * C + c) * R + y) * R + x] = value;
                    }
                }
            }
        }
    }

    @Test
    void meanDifferencesAreTheOneThreadSumsBitForBit() {
        int n = 6;
        int batch = 5;
        int channels = 3;
        int res = 8;
        int size = batch * channels * res * res;
        SplittableRandom r = new SplittableRandom(21);
        float[][] images = new float[n][size];
        for (float[] im : images) {
            for (int k = 0; k < size; k++) {
                im[k] = (float) r.nextDouble(-1, 1);
            }
        }
        double[][] got = OutputDeviation.meanDifferences(images, batch, channels, res);
        // the definition on one thread: the images in batch order, each pixel's median over the clients
        int cps = channels * res * res;
        double[][] want = new double[n][cps];
        for (int b = 0; b < batch; b++) {
            for (int cp = 0; cp < cps; cp++) {
                float[] column = new float[n];
                for (int i = 0; i < n; i++) {
                    column[i] = images[i][b * cps + cp];
                }
                java.util.Arrays.sort(column);
                double med = (column[n / 2 - 1] + (double) column[n / 2]) / 2.0;
                for (int i = 0; i < n; i++) {
                    want[i][cp] += (images[i][b * cps + cp] - med) / batch;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(want[i], got[i], 0.0, "client " + i);
        }
    }

    @Test
    void identicalGeneratorsScoreZero() {
        float[][] x = clients(4, 0.0, 1);
        double[] s = OutputDeviation.scores(x, B, C, R, 2);
        for (double v : s) {
            assertEquals(0.0, v, 1e-12);
        }
    }

    @Test
    void aStampedPatchIsFoundAndScoresItsContrast() {
        float[][] x = clients(4, 0.0, 2);
        stamp(x[2], 10, 12, 4, 5f);
        double[] s = OutputDeviation.scores(x, B, C, R, 4);
        // the other three are the median everywhere except inside the patch, where the median of
        // {shared, shared, shared, 5} is still the shared value: they score 0, client 2 scores the
        // patch's mean contrast against the shared content
        assertEquals(0.0, s[0], 1e-12);
        assertEquals(0.0, s[1], 1e-12);
        assertEquals(0.0, s[3], 1e-12);
        assertTrue(s[2] > 4.0 && s[2] < 6.0, "score " + s[2]);
    }

    @Test
    void sampleToSampleNoiseAveragesOutButAConsistentTriggerDoesNot() {
        float[][] x = clients(4, 0.3, 3);
        double[] honest = OutputDeviation.scores(x, B, C, R, 4);
        stamp(x[0], 0, 0, 4, 1f);
        double[] attacked = OutputDeviation.scores(x, B, C, R, 4);
        double maxHonest = Math.max(Math.max(attacked[1], attacked[2]), attacked[3]);
        assertTrue(attacked[0] > 2 * maxHonest, "attacker " + attacked[0] + " vs honest " + maxHonest);
        // noise alone leaves every client at the same scale (within a factor of 2 of each other)
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double v : honest) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(hi < 2 * lo, "honest spread " + lo + ".." + hi);
    }

    @Test
    void windowMeanIsTheBestSquareAverage() {
        double[] map = new double[16];
        map[5] = 4; // (1,1)
        map[6] = 4; // (2,1)
        assertEquals(2.0, OutputDeviation.maxWindowMean(map, 4, 2), 1e-12);
        assertEquals(4.0, OutputDeviation.maxWindowMean(map, 4, 1), 1e-12);
        assertEquals(0.5, OutputDeviation.maxWindowMean(map, 4, 4), 1e-12);
    }

    @Test
    void badShapesAreRefused() {
        float[][] x = clients(3, 0.1, 4);
        assertThrows(IllegalArgumentException.class, () -> OutputDeviation.scores(new float[][] {x[0]}, B, C, R, 2));
        assertThrows(IllegalArgumentException.class, () -> OutputDeviation.scores(x, B, C, R, 0));
        assertThrows(IllegalArgumentException.class, () -> OutputDeviation.scores(x, B + 1, C, R, 2));
        assertEquals(4, OutputDeviation.defaultWindow(32));
        assertEquals(2, OutputDeviation.defaultWindow(8));
    }
}
