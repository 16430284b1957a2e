package org.fedsynth.config;

import static org.junit.jupiter.api.Assertions.*;

import org.fedsynth.gan.Augmentation;
import org.fedsynth.gan.DiscriminatorDesign;
import org.fedsynth.gan.GanLoss;
import org.fedsynth.gan.TrainSettings;
import org.junit.jupiter.api.Test;

/** {@code training.recipe} fills the keys left unset, and each recipe key is checked with a message naming it. */
class TrainingRecipeConfigTest {

    static TrainSettings settings(String training) {
        return ConfigIO.parse("training: {" + training + "}\n", "t.yaml").training().settings();
    }

    static String error(String training) {
        return assertThrows(ConfigException.class, () -> settings(training)).getMessage();
    }

    @Test
    void thePaperRecipeIsTheOldDefaultExactly() {
        assertEquals(TrainSettings.dcgan(32), settings("recipe: paper"));
    }

    @Test
    void theDefaultIsThePapersWithModeSeeking() {
        TrainSettings d = settings("batch_size: 32");
        assertEquals(0.5f, d.modeSeeking());
        assertEquals(GanLoss.BCE, d.loss());
        assertEquals(DiscriminatorDesign.dcgan(true), d.design());
        assertEquals(Augmentation.NONE, d.augmentation());
        assertEquals("small-data", ConfigIO.parse("seed: 1\n", "t.yaml").training().recipe());
    }

    @Test
    void theDatedRecipeIsTheOldDefaultWithItsModeSeekingWeight() {
        TrainSettings old = settings("recipe: small-data-2026-12-02");
        assertEquals(0.3f, old.modeSeeking());
        TrainSettings now = settings("batch_size: 32");
        assertEquals(now, settings("recipe: small-data-2026-12-02, mode_seeking: 0.5"),
                "the two differ in the mode-seeking weight only");
        assertNotEquals(now, old);
    }

    @Test
    void aKeySetBesideTheRecipeWins() {
        TrainSettings s = settings("recipe: paper, mode_seeking: 0.5, augment: 'translation,cutout', augment_p: 0.4");
        assertEquals(0.5f, s.modeSeeking());
        assertEquals(new Augmentation(true, true, false, 0.4f), s.augmentation());
        TrainSettings sn = settings("spectral_norm: true, conditioning: projection, minibatch_stddev: true");
        assertEquals(new DiscriminatorDesign(false, true, DiscriminatorDesign.Conditioning.PROJECTION, true), sn.design(),
                "spectral normalization replaces D's BatchNorm");
        assertFalse(settings("r1_gamma: 2").design().batchNorm(), "R1 is per image: no BatchNorm in D");
        assertEquals(4, settings("r1_gamma: 2").r1Every());
    }

    @Test
    void badValuesNameTheKey() {
        assertTrue(error("recipe: fancy").contains("training.recipe must be one of paper, small-data, small-data-2026-12-02, found 'fancy'"));
        assertTrue(error("augment: blur").contains("training.augment: unknown augmentation 'blur'"));
        assertTrue(error("augment_p: 1.5").contains("training.augment_p"));
        assertTrue(error("conditioning: concat").contains("training.conditioning must be channels or projection"));
        assertTrue(error("mode_seeking: -1").contains("training.mode_seeking"));
        assertTrue(error("r1_every: 0").contains("training.r1_every"));
        assertTrue(error("loss: lsgan").contains("training.loss must be one of bce, hinge, wgan-gp"));
    }
}
