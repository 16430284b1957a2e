package org.fedsynth.bench;

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

/**
 * Federated rounds at 32px on random images (clients x local steps, then FedAvg), kept open so that
 * workloads can time one round after another under different conditions.
 */
final class RoundLoop implements AutoCloseable {

    private final GanWorkbench wb;
    private final List<ClientState> states = new ArrayList<>();
    private final BatchSource src = new RandomImages(1, 32);
    private final FedAvg fedAvg = new FedAvg();
    private final int steps;
    private ModelWeights global;
    private int round;

    RoundLoop(int clients, int steps) {
        this.steps = steps;
        this.wb = new GanWorkbench(GanSpec.standard(32, 1, 2), TrainSettings.dcgan(32));
        this.global = wb.initialGenerator(1);
        for (int i = 0; i < clients; i++) {
            states.add(new ClientState(i, wb.initialDiscriminator(10 + i), null, null));
        }
    }

    /** Runs one round and returns its wall time in milliseconds. */
    double round() {
        round++;
        long t = System.nanoTime();
        List<ClientUpdate> updates = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            LocalClient.Result res = LocalClient.trainRound(wb, states.get(i), round, global, null, src, steps,
                    new Random(100L * round + i));
            states.set(i, res.state());
            updates.add(res.update());
        }
        RoundContext ctx = new RoundContext(round, global, null, null, round);
        global = RoundAggregator.aggregate(fedAvg, ctx, updates, RoundAggregator.Weighting.SAMPLES).generator();
        return Timing.msSince(t);
    }

    /** Untimed rounds until at least {@code seconds} have passed (at least one). */
    void warmFor(double seconds) {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        do {
            round();
        } while (System.nanoTime() < until);
    }

    /** {@code warmup} untimed rounds, then the times of {@code reps} rounds. */
    double[] time(int warmup, int reps) {
        for (int i = 0; i < warmup; i++) {
            round();
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            ms[i] = round();
        }
        return ms;
    }

    @Override
    public void close() {
        wb.close();
    }
}
