package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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

    /**
     * {@code grad_x sum D(x, y)} at {@code images} (a leaf copy is taken), kept in the graph so a
     * penalty on it has gradients of its own (WGAN-GP, R1). DJL exposes a second-order graph only
     * through the PyTorch JNI; the parameter gradients this leaves are zeroed, so the loss's own
     * backward pass starts clean.
     */
    default NDArray inputGradient(NDArray images, NDArray onehot, NDManager manager) {
        NDArray x = images.duplicate();
        x.setRequiresGradient(true);
        NDArray out = score(x, onehot).sum();
        JniUtils.backward((PtNDArray) out, (PtNDArray) manager.ones(out.getShape()), true, true);
        NDArray grad = x.getGradient();
        zeroGradients();
        return grad;
    }
}
