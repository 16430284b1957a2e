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
 * @param zDim noise dimension ({@link #Z_DIM} in the paper)
 * @param embedDim label-embedding dimension ({@link #EMBED_DIM})
 * @param baseWidth the width of the shallowest layer ({@link #DEFAULT_BASE_WIDTH} by default)
 */
public record GanSpec(int resolution, int channels, int numClasses, int zDim, int embedDim, int baseWidth) {

    /** The noise dimension every FedSynth model uses (the paper's 100). */
    public static final int Z_DIM = 100;
    /** The label-embedding dimension every FedSynth model uses. */
    public static final int EMBED_DIM = 50;
    /** The paper's base width, the default of {@code training.base_width}. */
    public static final int DEFAULT_BASE_WIDTH = 64;

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

    /**
     * The model FedSynth trains: noise {@link #Z_DIM} and embedding {@link #EMBED_DIM}, with the
     * given shape and base width. The simulation, the network server and the tests build their
     * spec here, so these sizes are written once.
     */
    public static GanSpec of(int resolution, int channels, int numClasses, int baseWidth) {
        return new GanSpec(resolution, channels, numClasses, Z_DIM, EMBED_DIM, baseWidth);
    }

    /** The paper's sizes: {@link #of} with base width {@link #DEFAULT_BASE_WIDTH}. */
    public static GanSpec standard(int resolution, int channels, int numClasses) {
        return of(resolution, channels, numClasses, DEFAULT_BASE_WIDTH);
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
