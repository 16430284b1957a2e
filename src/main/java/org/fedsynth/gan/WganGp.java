package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The Wasserstein loss with gradient penalty (Gulrajani et al. 2017):
 * {@code L_D = E[D(G(z))] - E[D(x)] + lambda E[(||grad D(x_hat)||_2 - 1)^2]} on random interpolates
 * {@code x_hat} between real and fake images of the same label, and {@code L_G = -E[D(G(z))]}. The
 * critic has no BatchNorm. The interpolation factors are the objective's draws: one uniform float
 * per image.
 */
public final class WganGp implements GanObjective {

    private final float lambda;

    /** With penalty weight {@code lambda} ({@code training.gp_lambda}). */
    public WganGp(float lambda) {
        this.lambda = lambda;
    }

    @Override
    public boolean discriminatorBatchNorm() {
        return false;
    }

    @Override
    public float[] draws(int batchSize, Random rng) {
        float[] eps = new float[batchSize];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextFloat();
        }
        return eps;
    }

    @Override
    public NDArray discriminatorLoss(PhaseTensors t) {
        NDArray gp = gradientPenalty(t);
        return t.dFake().mean().sub(t.dReal().mean()).add(Scalars.mul(gp, lambda));
    }

    @Override
    public NDArray generatorLoss(PhaseTensors t) {
        return t.dFake().mean().neg();
    }

    /**
     * {@code E[(||grad_x D(x_hat)||_2 - 1)^2]}, through {@link Critic#inputGradient} (a
     * second-order graph).
     */
    private static NDArray gradientPenalty(PhaseTensors t) {
        NDArray real = t.real();
        long b = real.getShape().get(0);
        NDArray eps = t.manager().create(t.draws(), new Shape(b, 1, 1, 1));
        NDArray xHat = real.mul(eps).add(t.fake().mul(Scalars.add(eps.neg(), 1f))).stopGradient();
        NDArray grad = t.critic().inputGradient(xHat, t.onehot(), t.manager());
        NDArray norm = Scalars.add(grad.reshape(b, -1).square().sum(new int[] {1}), 1e-12f).sqrt();
        return Scalars.sub(norm, 1f).square().mean();
    }
}
