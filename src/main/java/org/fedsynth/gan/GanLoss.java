package org.fedsynth.gan;

/** The adversarial loss used for local training. */
public enum GanLoss {
    /** Non-saturating GAN loss with binary cross-entropy on logits (Goodfellow et al. 2014); the paper's loss. */
    BCE,
    /**
     * The hinge loss (Lim and Ye 2017; Miyato et al. 2018): {@code L_D = E[relu(1 - D(x))] +
     * E[relu(1 + D(G(z)))]}, {@code L_G = -E[D(G(z))]}. The small-data recipe's loss.
     */
    HINGE,
    /**
     * Wasserstein loss with gradient penalty (Gulrajani et al. 2017): the critic has no sigmoid and
     * no BatchNorm, and the penalty weight is {@link TrainSettings#gpLambda()}. This is the local
     * regularization defense of the paper's preliminary version.
     */
    WGAN_GP;

    /** The name {@code training.loss} uses. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The loss a {@code training.loss} value names, or {@code null} if none does. */
    public static GanLoss fromConfig(String name) {
        for (GanLoss l : values()) {
            if (l.configName().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
