package org.fedsynth.fl.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.util.Seeds;

/**
 * The {@link GeneratorProbe} of the server: it draws each generator on a fixed batch (seeded noise,
 * labels cycling through the classes) with the server's {@link GeneratorRenderer}, with BatchNorm
 * on batch statistics, so generators are compared by their weights only. It disturbs nothing: the
 * renderer reloads whatever generator the next caller names.
 */
public final class WorkbenchProbe implements GeneratorProbe {

    private final GeneratorRenderer renderer;
    private final long seed;
    private final Map<List<Long>, float[]> noise = new HashMap<>();

    /** A probe drawing with {@code renderer}, its noise derived from the run's root {@code seed}. */
    public WorkbenchProbe(GeneratorRenderer renderer, long seed) {
        this.renderer = renderer;
        this.seed = seed;
    }

    /** A probe drawing on {@code wb} (not owned), for benchmarks and tests. */
    public WorkbenchProbe(GanWorkbench wb, long seed) {
        this(new GeneratorRenderer(wb, false), seed);
    }

    @Override
    public Images render(ModelWeights generator, int batch) {
        return render(generator, batch, 0);
    }

    /** Draw 0 is the fixed probe; draw {@code d > 0} is noise seeded by (run seed, batch, d). Only the last draw is cached. */
    @Override
    public Images render(ModelWeights generator, int batch, long draw) {
        GanSpec spec = renderer.spec();
        List<Long> key = List.of((long) batch, draw);
        if (!noise.containsKey(key)) {
            noise.keySet().removeIf(k -> k.get(1) != 0);
        }
        float[] z = noise.computeIfAbsent(key, k -> GanWorkbench.gaussian(batch * spec.zDim(),
                draw == 0 ? Seeds.rng(seed, "detector-probe", batch) : Seeds.rng(seed, "detector-probe", batch, draw)));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % spec.numClasses();
        }
        return new Images(renderer.render(generator, z, labels, true), batch, spec.channels(), spec.resolution());
    }
}
