package org.fedsynth.gan;

/** The adversarial loss used for local training. */
public enum GanLoss {
    /** Non-saturating GAN loss with binary cross-entropy on logits (Goodfellow et al. 2014). */
    BCE,
    /**
     * Wasserstein loss with gradient penalty (Gulrajani et al. 2017): the critic has no sigmoid and
     * no BatchNorm, and the penalty weight is {@link TrainSettings#gpLambda()}. This is the local
     * regularization defense of the paper's preliminary version.
     */
    WGAN_GP
}
