package org.fedsynth.fl.server;

import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.EngineThreads;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;

/**
 * The server's own generator in native memory, for drawing images of any generator it names:
 * the detector probe, the sample grid and the observers. Every call says which weights to draw
 * with, so no caller depends on what another left loaded; the weights are loaded only when they
 * change (a batch-statistics render also moves BatchNorm's running statistics, so the next call
 * loads again). The simulation's clients train on a workbench of their own, never on this one.
 * It draws on one engine thread ({@link EngineThreads#onOneThread}), so the detector's inputs are the
 * same bits in both transports and on any machine.
 */
public final class GeneratorRenderer implements AutoCloseable {

    private final GanWorkbench wb;
    private final boolean owned;
    private ModelWeights loaded;

    /** A renderer on its own workbench of {@code spec}. */
    public GeneratorRenderer(GanWorkbench wb, boolean owned) {
        this.wb = wb;
        this.owned = owned;
    }

    /** The architecture. */
    public GanSpec spec() {
        return wb.spec();
    }

    /**
     * Images of {@code generator} for the given noise and labels, {@code B*C*H*W} values in [-1, 1].
     *
     * @param batchStatistics normalize with this batch's BatchNorm statistics instead of the running ones
     */
    public float[] render(ModelWeights generator, float[] z, int[] labels, boolean batchStatistics) {
        if (loaded != generator) {
            wb.loadGenerator(generator);
            loaded = generator;
        }
        float[] out = EngineThreads.onOneThread(() -> wb.generate(z, labels, batchStatistics));
        if (batchStatistics) {
            loaded = null;
        }
        return out;
    }

    @Override
    public void close() {
        if (owned) {
            wb.close();
        }
    }
}
