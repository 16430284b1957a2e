package org.fedsynth.fl.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.EngineThreads;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.util.Seeds;
import org.fedsynth.util.WorkerPool;

/**
 * The {@link GeneratorProbe} of the server: it draws each generator on a fixed batch (seeded noise,
 * labels cycling through the classes) with the server's {@link GeneratorRenderer}, with BatchNorm
 * on batch statistics, so generators are compared by their weights only. It disturbs nothing: the
 * renderer reloads whatever generator the next caller names.
 *
 * <p>With {@code workers > 1}, {@link #renderAll} draws a round's generators that many at once, each
 * worker on a renderer (a workbench) of its own. Every draw runs on one engine thread whichever worker
 * makes it ({@link GeneratorRenderer}), and its noise is made before the draws are handed out, so the
 * images are the same bits as one at a time: the detector's evidence does not depend on the workers.
 * The server draws when every client has trained, so the cores the clients used are free.
 */
public final class WorkbenchProbe implements GeneratorProbe, AutoCloseable {

    private final GeneratorRenderer renderer;
    private final long seed;
    private final int workers;
    private final Supplier<GanWorkbench> moreWorkbenches;
    private final Map<Integer, float[]> fixed = new HashMap<>();
    private long freshDraw = -1;
    private float[] fresh;
    private final List<GeneratorRenderer> extra = new ArrayList<>();
    private WorkerPool<GeneratorRenderer> pool;

    /** A probe drawing with {@code renderer} only, its noise derived from the run's root {@code seed}. */
    public WorkbenchProbe(GeneratorRenderer renderer, long seed) {
        this(renderer, seed, 1, null);
    }

    /**
     * A probe that draws a round's generators up to {@code workers} at once: on {@code renderer} and on
     * {@code workers - 1} renderers of its own, whose workbenches {@code moreWorkbenches} makes on first use
     * (and this probe closes).
     */
    public WorkbenchProbe(GeneratorRenderer renderer, long seed, int workers, Supplier<GanWorkbench> moreWorkbenches) {
        if (workers > 1 && moreWorkbenches == null) {
            throw new IllegalArgumentException("a probe with " + workers + " workers needs a way to make workbenches");
        }
        this.renderer = renderer;
        this.seed = seed;
        this.workers = Math.max(1, workers);
        this.moreWorkbenches = moreWorkbenches;
    }

    /**
     * The server's probe: as many workers as the engine may use threads ({@code ai.djl.pytorch.num_threads},
     * else the cores), the extra workbenches made like {@code moreWorkbenches}.
     */
    public static WorkbenchProbe forServer(GeneratorRenderer renderer, long seed, Supplier<GanWorkbench> moreWorkbenches) {
        return new WorkbenchProbe(renderer, seed, serverWorkers(), moreWorkbenches);
    }

    /** The server probe's workers on this machine. */
    public static int serverWorkers() {
        return Math.max(1, Math.min(EngineThreads.maximum(), Runtime.getRuntime().availableProcessors()));
    }

    /** A probe drawing on {@code wb} (not owned), for benchmarks and tests. */
    public WorkbenchProbe(GanWorkbench wb, long seed) {
        this(new GeneratorRenderer(wb, false), seed);
    }

    /** How many generators it draws at once at most. */
    public int workers() {
        return workers;
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
        return draw(renderer, generator, noise(batch, draw), batch);
    }

    @Override
    public List<Images> renderAll(List<ModelWeights> generators, int batch, long draw) {
        float[] z = noise(batch, draw);
        if (workers == 1 || generators.size() < 2) {
            List<Images> out = new ArrayList<>(generators.size());
            for (ModelWeights g : generators) {
                out.add(draw(renderer, g, z, batch));
            }
            return out;
        }
        List<WorkerPool.Job<GeneratorRenderer, Images>> jobs = new ArrayList<>(generators.size());
        for (ModelWeights g : generators) {
            jobs.add(r -> draw(r, g, z, batch));
        }
        try {
            return start().runAll(jobs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server drew the probe", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized WorkerPool<GeneratorRenderer> start() {
        if (pool == null) {
            List<GeneratorRenderer> renderers = new ArrayList<>(workers);
            renderers.add(renderer);
            for (int i = 1; i < workers; i++) {
                GeneratorRenderer r = new GeneratorRenderer(moreWorkbenches.get(), true);
                extra.add(r);
                renderers.add(r);
            }
            pool = new WorkerPool<>(renderers, "probe-renderer", null);
        }
        return pool;
    }

    private float[] noise(int batch, long draw) {
        GanSpec spec = renderer.spec();
        if (draw == 0) {
            return fixed.computeIfAbsent(batch,
                    b -> GanWorkbench.gaussian(b * spec.zDim(), Seeds.rng(seed, "detector-probe", b)));
        }
        if (draw != freshDraw || fresh.length != batch * spec.zDim()) {
            fresh = GanWorkbench.gaussian(batch * spec.zDim(), Seeds.rng(seed, "detector-probe", batch, draw));
            freshDraw = draw;
        }
        return fresh;
    }

    private static Images draw(GeneratorRenderer r, ModelWeights generator, float[] z, int batch) {
        GanSpec spec = r.spec();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % spec.numClasses();
        }
        return new Images(r.render(generator, z, labels, true), batch, spec.channels(), spec.resolution());
    }

    /** Stops the workers and closes the renderers it made (not the one it was given). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        for (GeneratorRenderer r : extra) {
            r.close();
        }
        extra.clear();
    }
}
