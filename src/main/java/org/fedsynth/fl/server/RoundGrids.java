package org.fedsynth.fl.server;

import java.io.IOException;
import java.util.List;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.SampleGrid;
import org.fedsynth.util.Seeds;

/**
 * The run's sample grids ({@code samples/round-NNNN.png}, every {@code output.sample_every} rounds
 * and the last): one row per class, the same fixed noise every round and down each column, so rows
 * differ only by class and grids of one run compare across rounds.
 */
final class RoundGrids {

    private final RunConfig cfg;
    private final GanSpec spec;
    private final List<String> classNames;
    private final RunDirectory dir;
    private final float[] z;
    private final int[] labels;

    RoundGrids(RunConfig cfg, GanSpec spec, List<String> classNames, RunDirectory dir) {
        this.cfg = cfg;
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.dir = dir;
        int k = spec.numClasses();
        int per = cfg.output().samplesPerClass();
        int zDim = spec.zDim();
        float[] column = GanWorkbench.gaussian(per * zDim, Seeds.rng(cfg.seed(), "grid-noise"));
        z = new float[k * per * zDim];
        labels = new int[k * per];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / per;
            System.arraycopy(column, (i % per) * zDim, z, i * zDim, zDim);
        }
    }

    /** Writes round {@code round}'s grid of {@code generator} when it is due. */
    void writeIfDue(int round, GeneratorRenderer renderer, ModelWeights generator) throws IOException {
        if (round % cfg.output().sampleEvery() == 0 || round == cfg.federation().rounds()) {
            float[] imgs = renderer.render(generator, z, labels, false);
            SampleGrid.write(imgs, spec.numClasses(), cfg.output().samplesPerClass(), spec.channels(), spec.resolution(),
                    classNames, dir.grid(round));
        }
    }
}
