package org.fedsynth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.strategy.FedAvg;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.report.Charts;

/**
 * Figures {@code growth_clients} and {@code growth_resolution}: round time against clients per round
 * (1, 2, 4, 8 at 32px) and resolution (32, 64, 128); writes {@code bench-growth.png}.
 */
final class GrowthWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int steps = quick ? 1 : 10;
        int[] ks = quick ? new int[] {1, 2} : new int[] {1, 2, 4, 8};
        double[] kx = new double[ks.length];
        double[] ky = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            kx[i] = ks[i];
            ky[i] = roundMs(quick, 32, 1, ks[i], steps) / 1000;
            ctx.emit(ctx.figure("growth_clients").put("clients_per_round", ks[i])
                    .put("local_steps", steps).put("resolution", 32).put("round_s", ky[i]));
        }
        int[] res = quick ? new int[] {32, 64} : new int[] {32, 64, 128};
        int resSteps = quick ? 1 : 2;
        double[] rx = new double[res.length];
        double[] ry = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            rx[i] = res[i];
            ry[i] = roundMs(quick, res[i], 3, 4, resSteps) / 1000;
            ctx.emit(ctx.figure("growth_resolution").put("resolution", res[i]).put("channels", 3)
                    .put("clients_per_round", 4).put("local_steps", resSteps).put("round_s", ry[i]));
        }
        Files.createDirectories(ctx.dir());
        Charts.writeRow(ctx.dir().resolve("bench-growth.png"), List.of(
                Charts.line("Round time vs clients per round (32px, " + steps + " local steps)",
                        "clients per round", "seconds per round", List.of(new Charts.Line("round", kx, ky)), 560, 400),
                Charts.line("Round time vs resolution (RGB, 4 clients x " + resSteps + " steps)",
                        "resolution (px)", "seconds per round", List.of(new Charts.Line("round", rx, ry)), 560, 400)));
    }

    /** Milliseconds of one round of {@code clients} clients x {@code steps} local steps (median of reps). */
    private static double roundMs(boolean quick, int res, int channels, int clients, int steps) {
        GanSpec spec = GanSpec.standard(res, channels, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            ModelWeights global = wb.initialGenerator(1);
            ClientState state = new ClientState(0, wb.initialDiscriminator(2), null, null);
            BatchSource src = new RandomImages(channels, res);
            FedAvg fedAvg = new FedAvg();
            int reps = quick ? 1 : 3;
            double[] ms = new double[reps];
            for (int r = -1; r < reps; r++) {
                long t = System.nanoTime();
                List<ClientUpdate> updates = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    LocalClient.Result res2 = LocalClient.trainRound(wb, state, 1, global, null, src, steps, new Random(i));
                    updates.add(new ClientUpdate(i, 1, res2.update().generator(), null, 100, res2.update().stats()));
                }
                RoundAggregator.aggregate(fedAvg, new RoundContext(1, global, null, null, 1), updates,
                        RoundAggregator.Weighting.SAMPLES);
                if (r >= 0) {
                    ms[r] = Timing.msSince(t);
                }
            }
            return Timing.median(ms);
        }
    }
}
