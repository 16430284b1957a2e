package org.fedsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.server.GeneratorRenderer;
import org.fedsynth.fl.server.WorkbenchProbe;
import org.fedsynth.fl.strategy.FedAvg;
import org.fedsynth.fl.strategy.FedDetect;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.util.Memory;

/**
 * Figure {@code round}: 4 clients x 10 local steps at 32px, then FedAvg; FedDetect's extra cost, and
 * that of the shipped output-space configuration, measured on the same updates.
 */
final class RoundWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        int clients = 4;
        int steps = ctx.quick() ? 2 : 10;
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            ModelWeights global = wb.initialGenerator(1);
            List<ClientState> states = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                states.add(new ClientState(i, wb.initialDiscriminator(10 + i), null, null));
            }
            BatchSource src = new RandomImages(1, 32);
            double[] roundMs = new double[ctx.reps()];
            double[] aggMs = new double[ctx.reps()];
            double[] detectMs = new double[ctx.reps()];
            FedAvg fedAvg = new FedAvg();
            FedDetect fedDetect = BenchStrategies.fedDetect();
            FedDetect shipped = BenchStrategies.shipped();
            // the server's probe as it ships (up to serverWorkers() generators drawn at once)
            WorkbenchProbe probe = WorkbenchProbe.forServer(new GeneratorRenderer(wb, false), 1,
                    () -> new GanWorkbench(spec, TrainSettings.dcgan(32)));
            double[] shippedMs = new double[ctx.reps()];
            JsonNode shippedState = null;
            for (int r = -ctx.warmup(); r < ctx.reps(); r++) {
                int round = Math.max(1, r + 1);
                long t0 = System.nanoTime();
                List<ClientUpdate> updates = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    LocalClient.Result res = LocalClient.trainRound(wb, states.get(i), round, global, null, src, steps,
                            new Random(100L * round + i));
                    states.set(i, res.state());
                    updates.add(res.update());
                }
                RoundContext roundCtx = new RoundContext(round, global, null, null, round);
                long t1 = System.nanoTime();
                RoundAggregator.aggregate(fedAvg, roundCtx, updates, RoundAggregator.Weighting.SAMPLES);
                long t2 = System.nanoTime();
                RoundAggregator.aggregate(fedDetect, roundCtx, updates, RoundAggregator.Weighting.SAMPLES);
                long t3 = System.nanoTime();
                RoundContext ctxProbe = new RoundContext(round, global, null, shippedState, round, probe);
                shippedState = RoundAggregator.aggregate(shipped, ctxProbe, updates, RoundAggregator.Weighting.SAMPLES).state();
                long t4 = System.nanoTime();
                if (r >= 0) {
                    shippedMs[r] = Math.max(0, (t4 - t3) - (t2 - t1)) / 1e6;
                    aggMs[r] = (t2 - t1) / 1e6;
                    detectMs[r] = Math.max(0, (t3 - t2) - (t2 - t1)) / 1e6;
                    roundMs[r] = (t2 - t0) / 1e6 + detectMs[r];
                }
            }
            double median = Timing.median(roundMs);
            ctx.emit(ctx.figure("round")
                    .put("clients", clients).put("local_steps", steps).put("resolution", 32)
                    .put("repetitions", roundMs.length)
                    .put("median_ms", median).put("min_ms", Timing.min(roundMs))
                    .put("aggregation_ms", Timing.median(aggMs)).put("detection_ms", Timing.median(detectMs))
                    .put("aggregation_share", Timing.median(aggMs) / median)
                    .put("detection_share", Timing.median(detectMs) / median)
                    .put("detection_output_ms", Timing.median(shippedMs))
                    .put("detection_output_share", Timing.median(shippedMs) / median)
                    .put("peak_rss_process_mb", Memory.peakRssMb()));
            probe.close();
        }
    }
}
