package org.fedsynth.gan;

/**
 * The shape of a class-conditional DCGAN (Radford et al. 2016, conditioned as in Mirza and
 * Osindero 2014): resolution, channels, classes, noise and embedding sizes, and base width.
 *
 * <p>At resolution {@code r} the generator has {@code log2(r) - 1} transposed convolutions and the
 * discriminator {@code log2(r) - 1} convolutions; widths double towards the 4x4 bottleneck,
 * ending at {@code baseWidth * 2^(log2(r) - 3)} (512 at 64px with base 64).
 *
 * @param resolution 32, 64 or 128
 * @param channels 1 or 3
 * @param numClasses number of classes, at least 2
 * @param zDim noise dimension (100 in the paper)
 * @param embedDim label-embedding dimension (50)
 * @param baseWidth the width of the shallowest layer (64)
 */
public record GanSpec(int resolution, int channels, int numClasses, int zDim, int embedDim, int baseWidth) {

    /** Validates every field. */
    public GanSpec {
        if (resolution != 32 && resolution != 64 && resolution != 128) {
            throw new IllegalArgumentException("resolution must be 32, 64 or 128, found " + resolution);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, found " + numClasses);
        }
        if (zDim < 1 || embedDim < 1 || baseWidth < 1) {
            throw new IllegalArgumentException("zDim, embedDim and baseWidth must be positive");
        }
    }

    /** The paper's sizes: z 100, embedding 50, base width 64. */
    public static GanSpec standard(int resolution, int channels, int numClasses) {
        return new GanSpec(resolution, channels, numClasses, 100, 50, 64);
    }

    /** Number of stride-2 stages between 4x4 and the output resolution. */
    public int upsamplingStages() {
        return Integer.numberOfTrailingZeros(resolution) - 2;
    }

    /** Width of the widest (4x4) layer. */
    public int topWidth() {
        return baseWidth << (upsamplingStages() - 1);
    }
}
