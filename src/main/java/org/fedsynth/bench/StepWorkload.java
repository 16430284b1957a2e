package org.fedsynth.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.RealBatch;
import org.fedsynth.gan.TrainSettings;

/** Figures {@code step64} and {@code step32}: one local step (D update on 32 real + 32 fake, then G update) at batch 32. */
final class StepWorkload implements Workload {

    /**
     * GFLOP per image per local step of the 64px reference model as PyTorch's reference loop runs it
     * (G fwd 210 + D fwd 212 MFLOP; D's weight gradients computed in the G update too): the
     * convention of the {@code gflops} figure since the first bench.
     */
    static final double GFLOP_PER_IMAGE_STEP64 = 2.54;

    /**
     * GFLOP per image that FedSynth's step executes: D frozen in the G update saves D's weight
     * gradients there (0.21). G fwd 0.21 + D fwd real, fake (D update) and fake (G update) 0.64 +
     * D bwd with weight gradients for 2 inputs 0.85 + D input gradients in the G update 0.21 + G bwd
     * 0.42 = 2.33. {@code sgemm_fraction} uses this count: the work the machine actually did.
     */
    static final double GFLOP_EXECUTED_STEP64 = 2.33;

    private final int res;
    private final int channels;
    private final String name;

    StepWorkload(int res, int channels, String name) {
        this.res = res;
        this.channels = channels;
        this.name = name;
    }

    @Override
    public void run(BenchContext ctx) {
        GanSpec spec = GanSpec.standard(res, channels, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            wb.loadGenerator(wb.initialGenerator(1));
            wb.loadDiscriminator(wb.initialDiscriminator(2));
            BatchSource src = new RandomImages(channels, res);
            Random rng = new Random(3);
            double[] ms = new double[ctx.reps()];
            for (int i = -ctx.warmup(); i < ctx.reps(); i++) {
                RealBatch batch = src.next(32, rng);
                float[] z = GanWorkbench.gaussian(32 * spec.zDim(), rng);
                long t = System.nanoTime();
                wb.step(batch, z, null);
                if (i >= 0) {
                    ms[i] = Timing.msSince(t);
                }
            }
            double median = Timing.median(ms);
            ObjectNode o = ctx.figure(name)
                    .put("resolution", res).put("channels", channels).put("batch", 32)
                    .put("repetitions", ms.length)
                    .put("median_ms", median).put("min_ms", Timing.min(ms))
                    .put("images_per_s", 32 * 1000 / median);
            if (res == 64) {
                double gflops = GFLOP_PER_IMAGE_STEP64 * 32 / (median / 1000);
                o.put("gflops", gflops);
                double executed = GFLOP_EXECUTED_STEP64 * 32 / (median / 1000);
                o.put("gflops_executed", executed);
                if (!Double.isNaN(ctx.peakGflops())) {
                    o.put("sgemm_fraction", executed / ctx.peakGflops());
                }
            }
            ctx.emit(o);
        }
    }
}
