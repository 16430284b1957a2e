package org.fedsynth.eval.features;

/**
 * The architecture of {@link CnnClassifier}: three 4x4 stride-2 convolutions of {@code width},
 * {@code 2 width} and {@code 4 width} filters (BatchNorm on the last two, LeakyReLU 0.2 after each),
 * global average pooling to a {@code 4 width} feature vector, then a linear layer to one logit per
 * class.
 *
 * @param channels   image channels (1 or 3)
 * @param resolution image side in pixels (at least 8)
 * @param numClasses number of classes (at least 2)
 * @param width      filters of the first convolution (feature dimension = 4 width)
 */
public record CnnSpec(int channels, int resolution, int numClasses, int width) {

    /** Width of the domain evaluator (128 feature dimensions). */
    public static final int EVALUATOR_WIDTH = 32;
    /** Width of the utility study's diagnostic classifier (64 dimensions; smaller, so the study is fast). */
    public static final int UTILITY_WIDTH = 16;

    /** Validates the fields. */
    public CnnSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (resolution < 8) {
            throw new IllegalArgumentException("resolution must be >= 8, found " + resolution);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, found " + numClasses);
        }
        if (width < 1 || width > 512) {
            throw new IllegalArgumentException("width must be in [1, 512], found " + width);
        }
    }

    /** Dimension of the pooled feature vector. */
    public int featureDims() {
        return 4 * width;
    }

    /** A one-line description, stored in {@code evaluator.json}. */
    public String describe() {
        return "conv4x4/s2(" + width + ")-lrelu, conv4x4/s2(" + 2 * width + ")-bn-lrelu, conv4x4/s2(" + 4 * width
                + ")-bn-lrelu, global-avg-pool(" + featureDims() + "), linear(" + numClasses + ")";
    }
}
