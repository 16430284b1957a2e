package org.fedsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.GeneratorRenderer;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.server.WorkbenchProbe;
import org.fedsynth.fl.strategy.FedAvg;
import org.fedsynth.fl.strategy.FedDetect;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.Recipe;
import org.fedsynth.config.TrainingConfig;

/**
 * Figure {@code defense}: what the shipped FedDetect adds to a round at 4, 10, 32 and 100 clients per
 * round (32px grayscale, base width 32, the default recipe: the robustness matrix's model). Four real
 * client rounds of 10 local steps give real deltas (and the time of one client round); N updates are
 * those deltas with a small distinct perturbation each. Per N: FedAvg's aggregation and the shipped
 * FedDetect's (probe rendering, every feature, forest, track record, clip, reduce) over 3 rounds after an
 * untimed one, its state carried, medians; the detector's cost is the difference, and its share is that over a round of N
 * clients trained one at a time.
 */
final class DefenseCostWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) {
        GanSpec spec = GanSpec.of(32, 1, 2, 32);
        int steps = ctx.quick() ? 2 : 10;
        int[] ns = ctx.quick() ? new int[] {4, 10} : new int[] {4, 10, 32, 100};
        try (GanWorkbench wb = new GanWorkbench(spec, TrainingConfig.of(Recipe.SMALL_DATA).settings())) {
            ModelWeights global = wb.initialGenerator(1);
            RandomImages src = new RandomImages(1, 32);
            List<float[]> deltas = new ArrayList<>();
            double[] clientMs = new double[4];
            float[] flatGlobal = global.flatten();
            for (int i = -1; i < 4; i++) {
                ClientState st = new ClientState(Math.max(i, 0), wb.initialDiscriminator(10 + Math.max(i, 0)), null, null);
                long t = System.nanoTime();
                LocalClient.Result res = LocalClient.trainRound(wb, st, 1, global, null, src, steps, new Random(100 + i));
                if (i >= 0) {
                    clientMs[i] = Timing.msSince(t);
                    float[] d = res.update().generator().flatten();
                    for (int k = 0; k < d.length; k++) {
                        d[k] -= flatGlobal[k];
                    }
                    deltas.add(d);
                }
            }
            double clientRoundMs = Timing.median(clientMs);
            // the server's probe, as it ships (a round's generators drawn up to serverWorkers() at once), and at
            // 10 clients the same on one worker, in the same run, for the ratio
            try (WorkbenchProbe probe = WorkbenchProbe.forServer(new GeneratorRenderer(wb, false), 1,
                    () -> new GanWorkbench(spec, TrainingConfig.of(Recipe.SMALL_DATA).settings()));
                    WorkbenchProbe oneWorker = new WorkbenchProbe(wb, 1)) {
                Random rng = new Random(5);
                for (int n : ns) {
                    List<ClientUpdate> updates = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        float[] v = flatGlobal.clone();
                        float[] d = deltas.get(i % deltas.size());
                        for (int k = 0; k < v.length; k++) {
                            v[k] += d[k] * (float) (1 + 0.1 * rng.nextGaussian());
                        }
                        updates.add(new ClientUpdate(i, 1, global.unflatten(v), null, 100, new LocalStats(1, 1, 1, 1, steps)));
                    }
                    double[] avgAndDetect = time(global, updates, probe);
                    double detector = Math.max(0, avgAndDetect[1] - avgAndDetect[0]);
                    var fig = ctx.figure("defense").put("clients_per_round", n).put("parameters", global.numel())
                            .put("local_steps", steps).put("client_round_ms", clientRoundMs)
                            .put("fedavg_ms", avgAndDetect[0]).put("feddetect_ms", avgAndDetect[1])
                            .put("detector_ms", detector).put("detector_ms_per_client", detector / n)
                            .put("round_ms_one_at_a_time", n * clientRoundMs)
                            .put("detector_share", detector / (n * clientRoundMs)).put("probe_workers", probe.workers());
                    if (n == 10 && probe.workers() > 1) {
                        double[] serial = time(global, updates, oneWorker);
                        fig.put("detector_ms_one_probe_worker", Math.max(0, serial[1] - serial[0]));
                    }
                    ctx.emit(fig);
                }
            }
        }
    }

    /** FedAvg's and the shipped FedDetect's aggregation of {@code updates}, medians of 3 rounds after an untimed one. */
    private static double[] time(ModelWeights global, List<ClientUpdate> updates, WorkbenchProbe probe) {
        FedAvg fedAvg = new FedAvg();
        FedDetect shipped = BenchStrategies.shipped();
        int reps = 3;
        double[] avgMs = new double[reps];
        double[] fdMs = new double[reps];
        JsonNode state = null;
        for (int r = -1; r < reps; r++) { // round -1: untimed warm-up
            RoundContext plain = new RoundContext(r + 2, global, null, null, r + 2);
            long t0 = System.nanoTime();
            RoundAggregator.aggregate(fedAvg, plain, updates, RoundAggregator.Weighting.SAMPLES);
            long t1 = System.nanoTime();
            RoundContext withProbe = new RoundContext(r + 2, global, null, state, r + 2, probe);
            state = RoundAggregator.aggregate(shipped, withProbe, updates, RoundAggregator.Weighting.SAMPLES).state();
            long t2 = System.nanoTime();
            if (r >= 0) {
                avgMs[r] = (t1 - t0) / 1e6;
                fdMs[r] = (t2 - t1) / 1e6;
            }
        }
        return new double[] {Timing.median(avgMs), Timing.median(fdMs)};
    }
}
