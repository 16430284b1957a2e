package org.fedsynth.fl.server;

import java.util.HashMap;
import java.util.Map;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.util.Seeds;

/**
 * The {@link GeneratorProbe} of a runner that holds a {@link GanWorkbench}: it loads each generator
 * into the workbench and draws a fixed batch (seeded noise, labels cycling through the classes).
 * Rendering replaces the workbench's generator weights; the caller reloads the global generator
 * afterwards (the simulation does so after every aggregation).
 */
public final class WorkbenchProbe implements GeneratorProbe {

    private final GanWorkbench wb;
    private final long seed;
    private final Map<Integer, float[]> noise = new HashMap<>();

    /** A probe over {@code wb} whose noise derives from the run's root {@code seed}. */
    public WorkbenchProbe(GanWorkbench wb, long seed) {
        this.wb = wb;
        this.seed = seed;
    }

    @Override
    public Images render(ModelWeights generator, int batch) {
        GanSpec spec = wb.spec();
        float[] z = noise.computeIfAbsent(batch,
                b -> GanWorkbench.gaussian(b * spec.zDim(), Seeds.rng(seed, "detector-probe", b)));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % spec.numClasses();
        }
        wb.loadGenerator(generator);
        return new Images(wb.generate(z, labels, true), batch, spec.channels(), spec.resolution());
    }
}
