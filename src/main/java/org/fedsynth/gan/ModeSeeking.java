package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;

/**
 * The mode-seeking term of MSGAN (Mao et al. 2019), added to the generator's loss: a conditional
 * generator left to itself learns to ignore its noise and draws one image per class; this term
 * rewards it for images that differ as much as their noises do. The fake batch is read as pairs
 * {@code (i, i + B/2)}, and over the pairs that share a label
 * {@code L_ms = lambda / (mean|G(z1) - G(z2)| / mean|z1 - z2| + 1e-5)}, means of absolute values
 * per pair, averaged over pairs. No extra forward pass: it reuses the step's fake batch.
 */
public final class ModeSeeking implements LossTerm {

    private final float lambda;

    /** With weight {@code lambda} ({@code training.mode_seeking}, positive). */
    public ModeSeeking(float lambda) {
        if (!(lambda > 0) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("mode_seeking must be a positive number, found " + lambda);
        }
        this.lambda = lambda;
    }

    @Override
    public NDArray generatorTerm(PhaseTensors t) {
        long b = t.fake().getShape().get(0);
        long half = b / 2;
        if (half < 1) {
            return null;
        }
        NDArray fake = t.fake().reshape(b, -1);
        String first = "0:" + half;
        String second = half + ":" + (2 * half);
        NDArray dImg = fake.get(first).sub(fake.get(second)).abs().mean(new int[] {1});
        NDArray dZ = t.noise().get(first).sub(t.noise().get(second)).abs().mean(new int[] {1});
        NDArray same = t.fakeOnehot().get(first).mul(t.fakeOnehot().get(second)).sum(new int[] {1});
        float pairs = same.sum().getFloat();
        if (pairs < 1) {
            return null;
        }
        NDArray ratio = Scalars.div(dImg.div(dZ).mul(same).sum(), pairs);
        return Scalars.mul(Scalars.pow(Scalars.add(ratio, 1e-5f), -1f), lambda);
    }
}
