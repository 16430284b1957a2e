package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.data.ImageBatchSource;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;

/** {@code training.fake_labels: balanced}: fakes for every class a client holds, equally often. */
class FakeLabelsTest {

    @Test
    void balancedLabelsAreUniformOverTheClassesTheClientHolds() {
        try (GanWorkbench wb = new GanWorkbench(GanSpec.of(32, 1, 4, 8), TrainSettings.dcgan(8))) {
            int[] counts = new int[4];
            for (int l : wb.balancedLabels(4000, new int[] {1, 3}, new Random(3))) {
                counts[l]++;
            }
            assertEquals(0, counts[0] + counts[2], "only held classes");
            // Binomial(4000, 0.5): sd 31.6; 4 sd
            assertTrue(Math.abs(counts[1] - 2000) < 127, "class 1 drawn " + counts[1] + " of 4000");
            int[] all = new int[4];
            for (int l : wb.balancedLabels(4000, null, new Random(4))) {
                all[l]++;
            }
            for (int c = 0; c < 4; c++) {
                assertTrue(Math.abs(all[c] - 1000) < 110, "class " + c + " drawn " + all[c]);
            }
        }
    }

    @Test
    void aSourceSaysWhichClassesItHolds() {
        List<byte[]> imgs = List.of(new byte[4], new byte[4], new byte[4]);
        ImageSet set = new ImageSet(List.of("a", "b", "c", "d"), 1, 2, 2, imgs, new int[] {3, 1, 1}, "t");
        assertArrayEquals(new int[] {1, 3}, new ImageBatchSource(set).classesHeld());
    }

    @Test
    void balancedFakeLabelsChangeTrainingAndDataLabelsKeepTheOldStream() {
        GanSpec spec = GanSpec.of(32, 1, 2, 8);
        TrainSettings data = TrainSettings.dcgan(8);
        TrainSettings balanced = new TrainSettings(8, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.BCE, 10f, 0f, 1, 0f,
                DiscriminatorDesign.dcgan(true), Augmentation.NONE, true);
        assertFalse(data.balancedFakeLabels());
        assertEquals(data, new TrainSettings(8, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.BCE, 10f, 0f, 1, 0f,
                DiscriminatorDesign.dcgan(true), Augmentation.NONE, false));
        float[][] g = new float[3][];
        TrainSettings[] arms = {data, data, balanced};
        for (int run = 0; run < 3; run++) {
            try (GanWorkbench wb = new GanWorkbench(spec, arms[run])) {
                wb.loadGenerator(wb.initialGenerator(1));
                wb.loadDiscriminator(wb.initialDiscriminator(2));
                wb.train(GanWorkbenchTest.randomSource(1, 32, 16), 3, new Random(5));
                g[run] = wb.generatorWeights().flatten();
            }
        }
        assertArrayEquals(g[0], g[1]);
        assertFalse(java.util.Arrays.equals(g[0], g[2]), "balanced fake labels train the generator on other labels");
    }

    @Test
    void configNamesTheKeyAndRefusesWganGp() {
        assertTrue(ConfigIO.parse("training: {fake_labels: balanced}", "t.yaml").training().settings().balancedFakeLabels());
        var e1 = assertThrows(ConfigException.class, () -> ConfigIO.parse("training: {fake_labels: uniform}", "t.yaml"));
        assertTrue(e1.getMessage().contains("training.fake_labels"), e1.getMessage());
        var e2 = assertThrows(ConfigException.class, () -> ConfigIO.parse("training: {fake_labels: balanced, loss: wgan-gp}",
                "t.yaml"));
        assertTrue(e2.getMessage().contains("wgan-gp"), e2.getMessage());
    }
}
