package org.fedsynth.gan;

/**
 * Hyper-parameters of local GAN training.
 *
 * @param batchSize images per batch (real and fake)
 * @param lrG generator learning rate (2e-4)
 * @param lrD discriminator learning rate (2e-4)
 * @param beta1 Adam beta1 (0.5)
 * @param beta2 Adam beta2 (0.999)
 * @param loss the adversarial loss
 * @param gpLambda the gradient-penalty weight for WGAN-GP (10)
 */
public record TrainSettings(int batchSize, float lrG, float lrD, float beta1, float beta2, GanLoss loss, float gpLambda) {

    /** The DCGAN recipe: batch 32, Adam(2e-4, 0.5, 0.999), non-saturating BCE. */
    public static TrainSettings dcgan(int batchSize) {
        return new TrainSettings(batchSize, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.BCE, 10f);
    }

    /** Checks every field. */
    public TrainSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, found " + batchSize);
        }
        if (!(lrG > 0) || !(lrD > 0)) {
            throw new IllegalArgumentException("learning rates must be positive, found " + lrG + ", " + lrD);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), found " + beta1 + ", " + beta2);
        }
    }
}
