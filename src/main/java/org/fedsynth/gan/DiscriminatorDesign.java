package org.fedsynth.gan;

import java.util.Locale;
import java.util.Objects;

/**
 * How the discriminator is built. The paper's is a conditional DCGAN discriminator with BatchNorm
 * and the label as one-hot input channels ({@link #dcgan}); the small-data recipe's is an SNGAN-style
 * one ({@link Recipe#SMALL_DATA}). Each part is one option:
 *
 * @param batchNorm BatchNorm after every convolution but the first (not with WGAN-GP or R1, whose
 *     penalties are per image)
 * @param spectralNorm every convolution's weight divided by its largest singular value, estimated
 *     by one power iteration per forward pass (Miyato et al. 2018)
 * @param conditioning how D sees the label
 * @param minibatchStddev a channel holding the batch's mean feature standard deviation before the
 *     last convolution (Karras et al. 2018), so D can see a batch that lacks variety
 */
public record DiscriminatorDesign(boolean batchNorm, boolean spectralNorm, Conditioning conditioning,
        boolean minibatchStddev) {

    /** How the discriminator is told the label. */
    public enum Conditioning {
        /** One-hot label maps concatenated to the image channels (the paper's). */
        CHANNELS,
        /**
         * Projection (Miyato and Koyama 2018): the logit is {@code psi(phi(x)) + <embed(y), phi(x)>}
         * with {@code phi(x)} D's last features, summed over space.
         */
        PROJECTION;

        /** The name {@code training.conditioning} uses. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The conditioning a {@code training.conditioning} value names, or {@code null} (as {@link GanLoss#fromConfig}). */
        public static Conditioning fromConfig(String name) {
            for (Conditioning c : values()) {
                if (c.configName().equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Checks the fields. */
    public DiscriminatorDesign {
        Objects.requireNonNull(conditioning, "conditioning");
    }

    /** The paper's discriminator, with or without BatchNorm. */
    public static DiscriminatorDesign dcgan(boolean batchNorm) {
        return new DiscriminatorDesign(batchNorm, false, Conditioning.CHANNELS, false);
    }

    /** Whether this is the paper's discriminator (with or without BatchNorm). */
    public boolean isDcgan() {
        return !spectralNorm && conditioning == Conditioning.CHANNELS && !minibatchStddev;
    }
}
