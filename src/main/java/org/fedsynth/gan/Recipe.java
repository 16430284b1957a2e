package org.fedsynth.gan;

import java.util.Locale;

/**
 * A named set of training defaults, {@code training.recipe}. Every field it sets can still be set
 * on its own in the {@code training} section; the recipe only fills what is left unset.
 */
public enum Recipe {
    /**
     * The paper's: the conditional DCGAN with BatchNorm in both networks, non-saturating BCE,
     * Adam(2e-4, 0.5, 0.999) for both, no augmentation. It reproduces every figure of FedSynth
     * before the small-data recipe.
     */
    PAPER(TrainSettings.dcgan(32)),
    /**
     * The small-data recipe (docs/TRAINING.md says what each part is measured to do): DiffAugment
     * (colour, translation, cutout) on every image D sees, an SNGAN-style D (spectral
     * normalization, no BatchNorm, projection conditioning, a minibatch-stddev channel), the hinge
     * loss, and a faster D (TTUR: lr_d = 2 lr_g).
     */
    SMALL_DATA(new TrainSettings(32, 2e-4f, 4e-4f, 0.5f, 0.999f, GanLoss.HINGE, 10f, 0f, 1,
            new DiscriminatorDesign(false, true, DiscriminatorDesign.Conditioning.PROJECTION, true),
            new Augmentation(true, true, true, 1f)));

    private final TrainSettings defaults;

    Recipe(TrainSettings defaults) {
        this.defaults = defaults;
    }

    /** The recipe's settings (batch size 32; the config's batch size replaces it). */
    public TrainSettings defaults() {
        return defaults;
    }

    /** The name {@code training.recipe} uses. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The recipe a {@code training.recipe} value names, or {@code null}. */
    public static Recipe fromConfig(String name) {
        for (Recipe r : values()) {
            if (r.configName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
