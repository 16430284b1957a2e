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

    @Test
    void drawingARoundOnSeveralWorkersGivesTheSameBitsAsOneAtATime() {
        GanSpec spec = new GanSpec(32, 1, 2, 100, 50, 8);
        java.util.List<ModelWeights> gens = new java.util.ArrayList<>();
        try (GanWorkbench init = new GanWorkbench(spec, TrainSettings.dcgan(8))) {
            for (int i = 0; i < 5; i++) {
                gens.add(init.initialGenerator(10 + i));
            }
        }
        try (GeneratorRenderer r = new GeneratorRenderer(new GanWorkbench(spec, TrainSettings.dcgan(8)), true);
                WorkbenchProbe serial = new WorkbenchProbe(r, 7);
                WorkbenchProbe parallel = new WorkbenchProbe(r, 7, 3, () -> new GanWorkbench(spec, TrainSettings.dcgan(8)))) {
            assertEquals(3, parallel.workers());
            for (long draw : new long[] {0, 4}) {
                java.util.List<GeneratorProbe.Images> a = parallel.renderAll(gens, 6, draw);
                assertEquals(gens.size(), a.size());
                for (int i = 0; i < gens.size(); i++) {
                    assertArrayEquals(serial.render(gens.get(i), 6, draw).pixels(), a.get(i).pixels(), 0f,
                            "generator " + i + ", draw " + draw + ": in the generators' order, the same bits");
                }
                assertFalse(java.util.Arrays.equals(a.get(0).pixels(), a.get(1).pixels()), "each its own generator");
            }
            // a second round reuses the workers, and the default (sequential) path agrees too
            java.util.List<GeneratorProbe.Images> again = parallel.renderAll(gens, 6, 4);
            java.util.List<GeneratorProbe.Images> oneAtATime = serial.renderAll(gens, 6, 4);
            for (int i = 0; i < gens.size(); i++) {
                assertArrayEquals(oneAtATime.get(i).pixels(), again.get(i).pixels(), 0f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new WorkbenchProbe((GeneratorRenderer) null, 7, 2, null),
                "more than one worker needs workbenches");
    }
}
