package org.fedsynth.fl.detect;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An output-space detector feature (not in the paper): how strongly a client's generator draws a
 * <em>consistent, localized</em> difference from the other clients' generators on the same probe
 * noise and labels.
 *
 * <p>All generators render the same probe batch. For client {@code i}, the pixel-wise median over
 * clients of each probe image is the consensus; the client's difference from it is averaged over the
 * batch with its sign, so differences that vary from sample to sample (ordinary GAN variance) cancel
 * while a patch drawn on every sample (a backdoor trigger) stays. The absolute mean difference,
 * averaged over channels, is box-filtered with a {@code window x window} square, and the feature is
 * the largest window mean. A generator that stamps a trigger scores the trigger's contrast against
 * the consensus; honest generators score the residual of their noise.
 */
public final class OutputDeviation {

    private OutputDeviation() {}

    /**
     * The feature for every client, without memory.
     *
     * @param images per client, {@code batch * channels * res * res} values (NCHW), all the same probe batch
     * @param window side of the square window, {@code 1..res}
     * @return one value per client, {@code >= 0}
     */
    public static double[] scores(float[][] images, int batch, int channels, int res, int window) {
        double[][] maps = meanDifferences(images, batch, channels, res);
        double[] out = new double[maps.length];
        for (int i = 0; i < maps.length; i++) {
            out[i] = score(maps[i], channels, res, window);
        }
        return out;
    }

    /**
     * Per client, the signed mean over the batch of its difference from the clients' pixel-wise
     * median: {@code channels * res * res} values (CHW). Maps of several rounds can be averaged before
     * {@link #score} (FedDetect's {@code memory}): a trigger stays in place, honest drift moves.
     *
     * @param images per client, {@code batch * channels * res * res} values (NCHW), all the same probe batch
     */
    public static double[][] meanDifferences(float[][] images, int batch, int channels, int res) {
        int n = images.length;
        if (n < 2) {
            throw new IllegalArgumentException("output_deviation needs at least 2 clients, found " + n);
        }
        int plane = res * res;
        int size = batch * channels * plane;
        for (int i = 0; i < n; i++) {
            if (images[i].length != size) {
                throw new IllegalArgumentException("output_deviation: client " + i + " has " + images[i].length
                        + " values, expected " + size);
            }
        }
        int cps = channels * plane;
        double[][] meanDiff = new double[n][cps];
        // the pixels split over the common pool's threads, each pixel's sum over the batch in batch order (the
        // same bits as one thread)
        int rows = (cps + res - 1) / res;
        IntStream.range(0, rows).parallel().forEach(row -> {
            float[] column = new float[n];
            for (int cp = row * res; cp < Math.min(cps, (row + 1) * res); cp++) {
                for (int b = 0; b < batch; b++) {
                    int idx = b * cps + cp;
                    for (int i = 0; i < n; i++) {
                        column[i] = images[i][idx];
                    }
                    double med = sortedMedian(column);
                    for (int i = 0; i < n; i++) {
                        meanDiff[i][cp] += (images[i][idx] - med) / batch;
                    }
                }
            }
        });
        return meanDiff;
    }

    /**
     * The feature of one mean-difference map: its absolute value averaged over channels, then the
     * largest mean over a {@code window x window} square.
     */
    public static double score(double[] map, int channels, int res, int window) {
        return maxWindowMean(channelMeanAbs(map, channels, res, window), res, window);
    }

    /** {@code |map|} averaged over channels, one value per pixel; checks the window and the map's size. */
    private static double[] channelMeanAbs(double[] map, int channels, int res, int window) {
        if (window < 1 || window > res) {
            throw new IllegalArgumentException("output_deviation window must be in 1.." + res + ", found " + window);
        }
        int plane = res * res;
        if (map.length != channels * plane) {
            throw new IllegalArgumentException("output_deviation map has " + map.length + " values, expected "
                    + channels * plane);
        }
        double[] abs = new double[plane];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                abs[p] += Math.abs(map[c * plane + p]) / channels;
            }
        }
        return abs;
    }

    /**
     * Where {@link #score} finds its window: the top-left pixel {@code y * res + x} of the first window with the
     * largest mean (row by row), or -1 when the map is zero everywhere.
     */
    public static int strongestWindow(double[] map, int channels, int res, int window) {
        double[] sat = summedArea(channelMeanAbs(map, channels, res, window), res);
        double best = 0;
        int at = -1;
        for (int y = 0; y + window <= res; y++) {
            for (int x = 0; x + window <= res; x++) {
                double s = windowSum(sat, res, y, x, window);
                if (s > best) {
                    best = s;
                    at = y * res + x;
                }
            }
        }
        return at;
    }

    /** The default window: one eighth of the side, at least 2 pixels. */
    public static int defaultWindow(int res) {
        return Math.max(2, Math.min(res, res / 8));
    }

    /** The largest mean of {@code map} over a {@code w x w} window (summed-area table). */
    static double maxWindowMean(double[] map, int res, int w) {
        double[] sat = summedArea(map, res);
        double best = 0;
        for (int y = 0; y + w <= res; y++) {
            for (int x = 0; x + w <= res; x++) {
                best = Math.max(best, windowSum(sat, res, y, x, w) / (w * w));
            }
        }
        return best;
    }

    private static double[] summedArea(double[] map, int res) {
        double[] sat = new double[(res + 1) * (res + 1)];
        for (int y = 0; y < res; y++) {
            double row = 0;
            for (int x = 0; x < res; x++) {
                row += map[y * res + x];
                sat[(y + 1) * (res + 1) + x + 1] = sat[y * (res + 1) + x + 1] + row;
            }
        }
        return sat;
    }

    private static double windowSum(double[] sat, int res, int y, int x, int w) {
        return sat[(y + w) * (res + 1) + x + w] - sat[y * (res + 1) + x + w]
                - sat[(y + w) * (res + 1) + x] + sat[y * (res + 1) + x];
    }

    /** The median of {@code s}, which it sorts in place. */
    private static double sortedMedian(float[] s) {
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + (double) s[n / 2]) / 2.0;
    }
}
