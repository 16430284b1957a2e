package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;

/**
 * The discriminator as a loss sees it inside one phase: a function of images and one-hot labels,
 * plus the means to clear the parameter gradients a side computation (a gradient penalty) left.
 * Every array it returns lives in the step's sub-manager.
 */
public interface Critic {

    /** The discriminator's logits (or critic scores) for {@code images} with labels {@code onehot}, in training mode. */
    NDArray score(NDArray images, NDArray onehot);

    /** Zeroes the discriminator's parameter gradients (after a second-order side computation). */
    void zeroGradients();
}
