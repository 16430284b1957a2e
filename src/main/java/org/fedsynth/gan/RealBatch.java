package org.fedsynth.gan;

/**
 * A batch of real training images as the discriminator will see them.
 *
 * @param pixels {@code B*C*H*W} values in [-1, 1], CHW per image
 * @param labels {@code B} class indices
 */
public record RealBatch(float[] pixels, int[] labels) {

    /** Number of images in the batch. */
    public int size() {
        return labels.length;
    }
}
