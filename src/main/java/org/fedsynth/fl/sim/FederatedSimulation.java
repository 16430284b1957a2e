package org.fedsynth.fl.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.server.RoundCloser;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.Progress;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.Seeds;

/**
 * The in-process federation: N simulated clients train one after another on one
 * {@link GanWorkbench} (DJL allows one gradient collector per JVM), the server aggregates through
 * the same {@link RoundAggregator} and {@link AggregationStrategy} as the networked server, and the
 * run is recorded in a {@link RunDirectory}: metrics every round, sample grids every K rounds, and
 * an atomic checkpoint every round, so a killed run resumes losing at most the round in progress.
 */
public final class FederatedSimulation {

    /** What the simulation needs besides the configuration. */
    public record Setup(
            RunConfig config, GanSpec spec, List<String> classNames, ClientSources clients,
            AggregationStrategy strategy, Set<Integer> malicious, List<RoundObserver> observers) {

        /** Copies the collections. */
        public Setup {
            classNames = List.copyOf(classNames);
            malicious = Set.copyOf(malicious);
            observers = List.copyOf(observers);
        }
    }

    private final Setup setup;
    private final RunDirectory dir;
    private final PrintStream log;
    private final boolean terminal;

    /** A simulation writing into {@code dir} and reporting on {@code log}. */
    public FederatedSimulation(Setup setup, RunDirectory dir, PrintStream log, boolean terminal) {
        this.setup = setup;
        this.dir = dir;
        this.log = log;
        this.terminal = terminal;
    }

    /**
     * Runs the remaining rounds, from {@code resume} (a checkpoint of this run) or from scratch.
     *
     * @return the final checkpoint
     */
    public Checkpoint run(Checkpoint resume) throws IOException {
        RunConfig cfg = setup.config();
        long seed = cfg.seed();
        int n = setup.clients().count();
        int rounds = cfg.federation().rounds();
        try (GanWorkbench wb = new GanWorkbench(setup.spec(), cfg.training().settings())) {
            RoundCloser.Global start;
            if (resume != null) {
                start = RoundCloser.Global.of(resume);
                log.println("resuming after round " + start.round() + " of " + rounds);
            } else {
                start = RoundCloser.initial(wb, cfg);
            }
            IntFunction<ClientState> initial = i -> new ClientState(i,
                    wb.initialDiscriminator(RoundCloser.initialDiscriminatorSeed(cfg, i)), null, null);
            // (with averaged discriminators a client's own D is replaced by the global one each round)
            ClientStateStore store = clientStore(resume, n, initial);
            int perRound = cfg.federation().sampledPerRound();
            Progress progress = new Progress(log, terminal, start.round() + 1, rounds);
            Checkpoint last = resume;
            try (MetricsLog metrics = MetricsLog.open(dir.metrics(), start.round())) {
                RoundCloser closer = new RoundCloser(cfg, setup.spec(), setup.classNames(), setup.strategy(), dir,
                        metrics, wb, start);
                for (int r = start.round() + 1; r <= rounds; r++) {
                    long t0 = System.nanoTime();
                    RoundContext ctx = closer.context(r);
                    ModelWeights globalG = ctx.globalGenerator();
                    ModelWeights globalD = ctx.globalDiscriminator();
                    int[] sampled = sample(n, perRound, Seeds.rng(seed, "sample-clients", r));
                    List<ClientUpdate> updates = new ArrayList<>(sampled.length);
                    List<String> rejected = new ArrayList<>();
                    for (int k = 0; k < sampled.length; k++) {
                        int i = sampled[k];
                        BatchSource src = setup.clients().forRound(r, i);
                        int steps = cfg.training().stepsFor(src.size());
                        progress.step(r, k, sampled.length, "training client " + i + ", " + steps + " steps");
                        Random rng = new Random(RoundCloser.trainSeed(cfg, r, i));
                        LocalClient.Result res;
                        try {
                            res = LocalClient.trainRound(wb, store.get(i), r, globalG, globalD, src, steps, rng,
                                    setup.clients().behaviours(i));
                        } catch (IllegalStateException diverged) {
                            throw new IllegalStateException("round " + r + ", client " + i + ": " + diverged.getMessage()
                                    + "; the run stopped after round " + (r - 1) + " (checkpointed); change the config"
                                    + " and start a new run, since --resume would replay the same steps", diverged);
                        }
                        store.put(res.state(), r);
                        String problem = RoundAggregator.validate(res.update(), ctx);
                        if (problem != null) {
                            rejected.add(problem);
                            log.println("round " + r + ": rejected update of client " + i + ": " + problem);
                        } else {
                            updates.add(res.update());
                        }
                    }
                    long t1 = System.nanoTime();
                    AggregationResult result = closer.aggregate(ctx, updates, setup.malicious(), Map.of());
                    long t2 = System.nanoTime();
                    ObjectNode roundRec = closer.roundRecord(r, updates.size(), rejected.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                    for (RoundObserver o : setup.observers()) {
                        for (Map.Entry<String, Double> e : o.observe(r, wb).entrySet()) {
                            roundRec.put(e.getKey(), e.getValue());
                        }
                    }
                    closer.writeGridIfDue(r);
                    ArrayNode sampledIds = roundRec.putArray("sampled");
                    for (int id : sampled) {
                        sampledIds.add(id);
                    }
                    last = closer.commit(roundRec, t0, store.inlineStates(), store.versions());
                    store.retainOnly(dir.keptClientVersions());
                    progress.roundDone(r, RoundCloser.summary(updates, result, (t2 - t1) / 1e6));
                }
            }
            return last;
        }
    }

    /** The store for this run: inline in checkpoints, or spilled to the run folder for many clients. */
    private ClientStateStore clientStore(Checkpoint resume, int n, IntFunction<ClientState> initial) throws IOException {
        boolean spill = resume != null ? resume.clients().isEmpty() : setup.config().federation().spillClientState();
        if (spill) {
            return ClientStateStore.onDisk(dir.clientStates(), resume == null ? Map.of() : resume.clientVersions(), initial);
        }
        if (resume != null) {
            if (resume.clients().size() != n) {
                throw new IllegalStateException("checkpoint has " + resume.clients().size() + " clients, config has " + n);
            }
            return ClientStateStore.inMemory(resume.clients());
        }
        List<ClientState> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            states.add(initial.apply(i));
        }
        return ClientStateStore.inMemory(states);
    }

    /** {@code k} distinct clients out of {@code n}, sorted (all of them, in order, when k = n). */
    static int[] sample(int n, int k, Random rng) {
        if (k >= n) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        List<Integer> ids = new ArrayList<>(java.util.stream.IntStream.range(0, n).boxed().toList());
        java.util.Collections.shuffle(ids, rng);
        return ids.subList(0, k).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
