package org.fedsynth.gan;

import java.util.Objects;

/**
 * Hyper-parameters of local GAN training: the optimizers, the loss and its regularisers, the
 * discriminator's design and the augmentation. {@link Recipe} holds the two named sets.
 *
 * @param batchSize images per batch (real and fake)
 * @param lrG generator learning rate
 * @param lrD discriminator learning rate (TTUR, Heusel et al. 2017, when it differs from lrG)
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param loss the adversarial loss
 * @param gpLambda the gradient-penalty weight for WGAN-GP (10)
 * @param r1Gamma the R1 penalty weight, 0 for none ({@link R1Penalty})
 * @param r1Every the mean interval in steps of the lazy R1 penalty
 * @param modeSeeking the weight of the generator's mode-seeking term, 0 for none ({@link ModeSeeking})
 * @param design how the discriminator is built
 * @param augmentation what D's inputs go through
 * @param balancedFakeLabels whether fake labels are drawn uniformly over the client's classes (else they are the real
 *                           batch's labels, following the client's class mix)
 */
public record TrainSettings(int batchSize, float lrG, float lrD, float beta1, float beta2, GanLoss loss, float gpLambda,
        float r1Gamma, int r1Every, float modeSeeking, DiscriminatorDesign design, Augmentation augmentation,
        boolean balancedFakeLabels) {

    /** Fakes generated for the real batch's labels (the client's label distribution). */
    public TrainSettings(int batchSize, float lrG, float lrD, float beta1, float beta2, GanLoss loss, float gpLambda,
            float r1Gamma, int r1Every, float modeSeeking, DiscriminatorDesign design, Augmentation augmentation) {
        this(batchSize, lrG, lrD, beta1, beta2, loss, gpLambda, r1Gamma, r1Every, modeSeeking, design, augmentation, false);
    }

    /**
     * The paper's recipe with the given optimizer and loss: the DCGAN discriminator (BatchNorm unless
     * the loss is WGAN-GP), no R1, no augmentation.
     */
    public TrainSettings(int batchSize, float lrG, float lrD, float beta1, float beta2, GanLoss loss, float gpLambda) {
        this(batchSize, lrG, lrD, beta1, beta2, loss, gpLambda, 0f, 1, 0f,
                DiscriminatorDesign.dcgan(loss != GanLoss.WGAN_GP), Augmentation.NONE);
    }

    /** The DCGAN recipe: batch 32, Adam(2e-4, 0.5, 0.999), non-saturating BCE. */
    public static TrainSettings dcgan(int batchSize) {
        return new TrainSettings(batchSize, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.BCE, 10f);
    }

    /** Checks every field. */
    public TrainSettings {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(augmentation, "augmentation");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, found " + batchSize);
        }
        if (!(lrG > 0) || !(lrD > 0)) {
            throw new IllegalArgumentException("learning rates must be positive, found " + lrG + ", " + lrD);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), found " + beta1 + ", " + beta2);
        }
        if (!(r1Gamma >= 0) || r1Every < 1) {
            throw new IllegalArgumentException("r1_gamma must be non-negative and r1_every at least 1, found "
                    + r1Gamma + ", " + r1Every);
        }
        if (!(modeSeeking >= 0) || !Float.isFinite(modeSeeking)) {
            throw new IllegalArgumentException("mode_seeking must be non-negative, found " + modeSeeking);
        }
        // Settings that change nothing are written one way, so equal behaviour is equal settings.
        if (r1Gamma == 0) {
            r1Every = 1;
        }
        if (!augmentation.active()) {
            augmentation = Augmentation.NONE;
        }
        if (balancedFakeLabels && loss == GanLoss.WGAN_GP) {
            throw new IllegalArgumentException("fake_labels: balanced cannot be used with wgan-gp: its gradient penalty"
                    + " interpolates a real and a fake image of the same label; use bce or hinge, or fake_labels: data");
        }
        if (design.batchNorm() && (loss == GanLoss.WGAN_GP || r1Gamma > 0)) {
            throw new IllegalArgumentException("a discriminator with BatchNorm cannot take a per-image gradient penalty"
                    + " (WGAN-GP or R1): turn one of them off");
        }
    }
}
