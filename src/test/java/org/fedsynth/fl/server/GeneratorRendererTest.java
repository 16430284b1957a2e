package org.fedsynth.fl.server;

import static org.junit.jupiter.api.Assertions.*;

import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.junit.jupiter.api.Test;

/** The server draws any generator it names; the probe never disturbs what the grid samples. */
class GeneratorRendererTest {

    @Test
    void probingOtherGeneratorsLeavesTheSampledOneUntouched() {
        GanSpec spec = new GanSpec(32, 1, 2, 100, 50, 8);
        try (GeneratorRenderer r = new GeneratorRenderer(new GanWorkbench(spec, TrainSettings.dcgan(8)), true)) {
            GanWorkbench init = new GanWorkbench(spec, TrainSettings.dcgan(8));
            ModelWeights published = init.initialGenerator(1);
            ModelWeights client = init.initialGenerator(2);
            init.close();
            float[] z = GanWorkbench.gaussian(4 * spec.zDim(), new java.util.Random(3));
            int[] labels = {0, 1, 0, 1};
            float[] before = r.render(published, z, labels, false);
            GeneratorProbe.Images probed = new WorkbenchProbe(r, 7).render(client, 4);
            float[] after = r.render(published, z, labels, false);
            assertArrayEquals(before, after, 0f, "the probe (batch statistics, another generator) disturbed nothing");
            float[] clientImages = r.render(client, z, labels, false);
            assertFalse(java.util.Arrays.equals(before, clientImages), "each call draws with the generator it names");
            assertEquals(4 * 32 * 32, probed.pixels().length);
        }
    }

    @Test
    void freshDrawsDifferEachRoundAndRepeatForTheSameRound() {
        GanSpec spec = new GanSpec(32, 1, 2, 100, 50, 8);
        try (GeneratorRenderer r = new GeneratorRenderer(new GanWorkbench(spec, TrainSettings.dcgan(8)), false)) {
            GanWorkbench init = new GanWorkbench(spec, TrainSettings.dcgan(8));
            ModelWeights g = init.initialGenerator(1);
            init.close();
            WorkbenchProbe probe = new WorkbenchProbe(r, 7);
            float[] fixed = probe.render(g, 4).pixels();
            assertArrayEquals(fixed, probe.render(g, 4, 0).pixels(), 0f, "draw 0 is the fixed probe");
            float[] round3 = probe.render(g, 4, 3).pixels();
            float[] round4 = probe.render(g, 4, 4).pixels();
            assertFalse(java.util.Arrays.equals(fixed, round3));
            assertFalse(java.util.Arrays.equals(round3, round4));
            assertArrayEquals(round3, new WorkbenchProbe(r, 7).render(g, 4, 3).pixels(), 0f,
                    "a draw depends only on the server's seed, the batch and the round");
            assertFalse(java.util.Arrays.equals(round3, new WorkbenchProbe(r, 8).render(g, 4, 3).pixels()),
                    "another server seed, other noise");
            assertArrayEquals(fixed, probe.render(g, 4).pixels(), 0f, "the fixed probe survives fresh draws");
        }
    }
}
