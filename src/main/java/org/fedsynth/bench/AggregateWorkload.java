package org.fedsynth.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.strategy.CoordinateMedian;
import org.fedsynth.fl.strategy.FedAvg;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;

/** Figures {@code aggregate}: FedAvg, median and FedDetect over N updates of the 64px generator's size. */
final class AggregateWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) {
        ModelWeights layout;
        try (GanWorkbench wb = new GanWorkbench(GanSpec.standard(64, 3, 2), TrainSettings.dcgan(32))) {
            layout = wb.initialGenerator(1);
        }
        int[] ns = ctx.quick() ? new int[] {4, 16} : new int[] {4, 16, 64, 256};
        Random rng = new Random(5);
        List<ClientUpdate> pool = new ArrayList<>();
        for (int n : ns) {
            double needGb = 1.25 * 4.0 * layout.numel() * n / 1e9;
            if (needGb * 1e9 > Runtime.getRuntime().maxMemory()) {
                ctx.emit(ctx.figure("aggregate").put("clients", n)
                        .put("skipped", String.format("needs about %.1f GB of heap for %d updates; run with"
                                + " FEDSYNTH_JAVA_OPTS=-Xmx%dg", needGb, n, (int) Math.ceil(needGb) + 2)));
                continue;
            }
            while (pool.size() < n) {
                pool.add(new ClientUpdate(pool.size(), 1, perturbed(layout, rng), null, 100,
                        new LocalStats(1 + rng.nextGaussian() * 0.1, 1, 1, 1, 1)));
            }
            List<ClientUpdate> updates = pool.subList(0, n);
            RoundContext roundCtx = new RoundContext(1, layout, null, null, 1);
            double bytes = 4.0 * layout.numel() * n;
            Map<String, AggregationStrategy> strategies = new LinkedHashMap<>();
            strategies.put("fedavg", new FedAvg());
            strategies.put("median", new CoordinateMedian());
            strategies.put("feddetect", BenchStrategies.fedDetect());
            for (Map.Entry<String, AggregationStrategy> e : strategies.entrySet()) {
                int reps = ctx.quick() || (n >= 64 && !e.getKey().equals("fedavg")) ? 1 : 5;
                double[] ms = new double[reps];
                for (int i = -1; i < reps; i++) {
                    long t = System.nanoTime();
                    RoundAggregator.aggregate(e.getValue(), roundCtx, updates, RoundAggregator.Weighting.SAMPLES);
                    if (i >= 0) {
                        ms[i] = Timing.msSince(t);
                    }
                }
                double med = Timing.median(ms);
                ctx.emit(ctx.figure("aggregate").put("strategy", e.getKey()).put("clients", n)
                        .put("parameters", layout.numel()).put("repetitions", reps)
                        .put("median_ms", med).put("min_ms", Timing.min(ms))
                        .put("effective_gb_per_s", bytes / 1e9 / (med / 1000)));
            }
        }
    }

    /** {@code base} with every value moved by up to ±0.005: a distinct update of the same layout. */
    private static ModelWeights perturbed(ModelWeights base, Random rng) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : base) {
            float[] src = t.data();
            float[] d = new float[src.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = src[i] + (rng.nextFloat() - 0.5f) * 0.01f;
            }
            out.add(t.withData(d));
        }
        return new ModelWeights(out);
    }
}
