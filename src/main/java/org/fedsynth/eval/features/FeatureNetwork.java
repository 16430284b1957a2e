package org.fedsynth.eval.features;

import java.util.Arrays;
import org.fedsynth.data.ImageSet;

/**
 * Maps images to feature vectors for the fidelity metrics: images {@code [N, C, H, W]} as floats in
 * [-1, 1] at the run's resolution and channel count, to {@code double[N][dims()]}. Implementations:
 * the {@link DomainEvaluator} (a small CNN trained on the real data by {@code fedsynth evaluator
 * train}) and {@link TorchScriptFeatureNetwork} (a user-supplied TorchScript network, for example
 * Inception-v3 pool3, which gives standard FID/KID). Holds native memory: close it.
 */
public interface FeatureNetwork extends AutoCloseable {

    /** Images converted per call of {@link #features(float[], int, int, int)} by {@link #features(ImageSet)}. */
    int BATCH = 64;

    /**
     * What a network is, for {@code eval.json}.
     *
     * @param kind        {@code domain} or {@code torchscript}
     * @param path        where it was loaded from
     * @param fingerprint the data fingerprint of a domain evaluator, or the SHA-256 of a TorchScript file
     * @param dims        feature dimension
     */
    record Description(String kind, String path, String fingerprint, int dims) {}

    /** Kind, path, fingerprint and dimension. */
    Description describe();

    /** Feature dimension. */
    default int dims() {
        return describe().dims();
    }

    /**
     * Features of {@code count} images, {@code channels*resolution*resolution} floats each (CHW, in
     * [-1, 1]), concatenated in {@code images}.
     */
    double[][] features(float[] images, int count, int channels, int resolution);

    /** Features of every image of {@code set} (pixels mapped to [-1, 1]), converted in batches. */
    default double[][] features(ImageSet set) {
        int n = set.size();
        int per = set.channels() * set.height() * set.width();
        if (set.height() != set.width()) {
            throw new IllegalArgumentException(set.source() + ": images must be square, found " + set.height() + "x" + set.width());
        }
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            float[] x = new float[b * per];
            for (int i = 0; i < b; i++) {
                byte[] img = set.images().get(start + i);
                for (int k = 0; k < per; k++) {
                    x[i * per + k] = ImageSet.pixelToUnit(img[k]);
                }
            }
            double[][] f = features(x, b, set.channels(), set.height());
            System.arraycopy(f, 0, out, start, b);
        }
        return out;
    }

    /** Releases native memory. */
    @Override
    void close();

    /** Checks that {@code images} holds {@code count} images of the given shape. */
    static void checkShape(float[] images, int count, int channels, int resolution) {
        long expected = (long) count * channels * resolution * resolution;
        if (count < 0 || images.length != expected) {
            throw new IllegalArgumentException("expected " + count + " images of " + channels + "x" + resolution + "x"
                    + resolution + " = " + expected + " values, found " + images.length);
        }
    }

    /** For error messages. */
    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
