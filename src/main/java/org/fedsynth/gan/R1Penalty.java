package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Random;

/**
 * An objective with the R1 penalty (Mescheder et al. 2018) added to its discriminator loss:
 * {@code (gamma / 2) E[||grad_x D(x)||^2]} on real images. It penalises D's slope on the data, which
 * keeps a discriminator on a small local set from sharpening around each training image.
 *
 * <p>Lazy regularization (Karras et al. 2020, StyleGAN2) at a stochastic interval: in each D phase
 * the penalty is computed with probability {@code 1 / every} and then weighted by {@code every}, so
 * its expectation is the full penalty at {@code 1 / every} of its cost, and the objective keeps no
 * step counter. The coin is one float of the objective's draws, after the base objective's own.
 * The penalty needs a second-order graph, as WGAN-GP's does, so the discriminator may not use
 * BatchNorm.
 */
public final class R1Penalty implements GanObjective {

    private final GanObjective base;
    private final float gamma;
    private final int every;

    /**
     * @param base the adversarial loss
     * @param gamma the penalty weight ({@code training.r1_gamma}, positive)
     * @param every the mean interval in steps ({@code training.r1_every}, at least 1)
     */
    public R1Penalty(GanObjective base, float gamma, int every) {
        if (!(gamma > 0) || every < 1) {
            throw new IllegalArgumentException("R1 needs gamma > 0 and every >= 1, found " + gamma + ", " + every);
        }
        this.base = base;
        this.gamma = gamma;
        this.every = every;
    }

    @Override
    public boolean discriminatorBatchNorm() {
        return false;
    }

    @Override
    public float[] draws(int batchSize, Random rng) {
        float[] own = base.draws(batchSize, rng);
        float[] out = own == null ? new float[1] : Arrays.copyOf(own, own.length + 1);
        out[out.length - 1] = rng.nextFloat();
        return out;
    }

    private PhaseTensors forBase(PhaseTensors t) {
        float[] d = t.draws();
        float[] own = d == null || d.length <= 1 ? null : Arrays.copyOf(d, d.length - 1);
        return new PhaseTensors(t.manager(), t.real(), t.fake(), t.onehot(), t.dReal(), t.dFake(), own, t.critic(), t.noise(), t.fakeOnehot());
    }

    @Override
    public NDArray discriminatorLoss(PhaseTensors t) {
        NDArray loss = base.discriminatorLoss(forBase(t));
        float[] d = t.draws();
        boolean due = every == 1 || (d != null && d[d.length - 1] < 1f / every);
        return due ? loss.add(Scalars.mul(penalty(t), 0.5f * gamma * every)) : loss;
    }

    @Override
    public NDArray generatorLoss(PhaseTensors t) {
        return base.generatorLoss(forBase(t));
    }

    /** {@code E[||grad_x D(x)||^2]} over the real batch (without the {@code gamma / 2}). */
    static NDArray penalty(PhaseTensors t) {
        NDArray grad = t.critic().inputGradient(t.real(), t.onehot(), t.manager());
        long b = grad.getShape().get(0);
        return grad.reshape(b, -1).square().sum(new int[] {1}).mean();
    }
}
