package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a loss may use in one phase of a local step. Every array lives in the step's sub-manager,
 * which is closed at the end of the step; a loss that creates arrays creates them in {@link #manager}.
 *
 * @param manager the step's sub-manager
 * @param real the real batch, {@code B x C x H x W} in [-1, 1]
 * @param fake the fake batch as this phase feeds it to D (detached in a D phase, attached in a G phase)
 * @param onehot the labels of the real batch, one-hot (and of the fake batch unless {@code fakeOnehot} differs)
 * @param dReal D's output on {@code real}, or {@code null} in a phase that does not score real images
 * @param dFake D's output on {@code fake}
 * @param draws the objective's per-step random draws ({@link GanObjective#draws}), or {@code null}
 * @param critic the discriminator, for losses that need extra forward passes
 * @param noise the noise {@code z} the fake batch was generated from, {@code B x zDim}
 * @param fakeOnehot the labels the fake batch was generated for, one-hot: {@code onehot} itself, or, with
 *                   {@code training.fake_labels: balanced}, labels drawn uniformly over the client's classes
 * @param anchor the round's global generator, frozen, for a client term that compares against it
 *               (loaded by the local trainer only when a behaviour asks for it), or {@code null}
 */
public record PhaseTensors(NDManager manager, NDArray real, NDArray fake, NDArray onehot, NDArray dReal, NDArray dFake,
        float[] draws, Critic critic, NDArray noise, NDArray fakeOnehot, Anchor anchor) {

    /** A frozen generator: its images for the given noise and one-hot labels, with no gradient. */
    @FunctionalInterface
    public interface Anchor {
        /** {@code B x C x H x W} images in the step's manager. */
        NDArray images(NDArray noise, NDArray onehot);
    }

    /** Without an anchor. */
    public PhaseTensors(NDManager manager, NDArray real, NDArray fake, NDArray onehot, NDArray dReal, NDArray dFake,
            float[] draws, Critic critic, NDArray noise, NDArray fakeOnehot) {
        this(manager, real, fake, onehot, dReal, dFake, draws, critic, noise, fakeOnehot, null);
    }

    /** Fakes generated for the real batch's labels. */
    public PhaseTensors(NDManager manager, NDArray real, NDArray fake, NDArray onehot, NDArray dReal, NDArray dFake,
            float[] draws, Critic critic, NDArray noise) {
        this(manager, real, fake, onehot, dReal, dFake, draws, critic, noise, onehot);
    }
}
