package org.fedsynth.fl.server;

import java.util.HashMap;
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
    private final Map<Integer, float[]> fixed = new HashMap<>();
    private long freshDraw = -1;
    private float[] fresh;

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

    /**
     * Draw 0 is the fixed probe (cached per batch size); draw {@code d > 0} is noise seeded by (run seed,
     * batch, d), of which only the last one is cached (every client of a round draws it).
     */
    @Override
    public Images render(ModelWeights generator, int batch, long draw) {
        GanSpec spec = renderer.spec();
        float[] z;
        if (draw == 0) {
            z = fixed.computeIfAbsent(batch,
                    b -> GanWorkbench.gaussian(b * spec.zDim(), Seeds.rng(seed, "detector-probe", b)));
        } else {
            if (draw != freshDraw || fresh.length != batch * spec.zDim()) {
                fresh = GanWorkbench.gaussian(batch * spec.zDim(), Seeds.rng(seed, "detector-probe", batch, draw));
                freshDraw = draw;
            }
            z = fresh;
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % spec.numClasses();
        }
        return new Images(renderer.render(generator, z, labels, true), batch, spec.channels(), spec.resolution());
    }
}
