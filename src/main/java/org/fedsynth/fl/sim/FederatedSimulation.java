package org.fedsynth.fl.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundIntake;
import org.fedsynth.fl.server.RoundObserver;
import org.fedsynth.fl.server.RoundServer;
import org.fedsynth.fl.server.RunSeeds;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainingDivergedException;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.Progress;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.Seeds;


/**
 * The in-process transport: N simulated clients train one after another on one
 * {@link GanWorkbench} (DJL allows one gradient collector per JVM) and deliver their updates to the
 * same {@link RoundServer} as the networked server, which aggregates, records and checkpoints every
 * round, so a killed run resumes losing at most the round in progress. What is left here is the
 * transport's own job: sampling the clients, training them, and their private states.
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
        int n = setup.clients().count();
        int rounds = cfg.federation().rounds();
        int workers = ClientTrainers.forMachine(cfg.federation().sampledPerRound());
        try (ClientTrainers trainers = new ClientTrainers(workers, () -> new GanWorkbench(setup.spec(), cfg.training().settings()));
                MetricsLog metrics = MetricsLog.open(dir.metrics(), resume == null ? 0 : resume.round());
                RoundServer server = new RoundServer(cfg, setup.spec(), setup.classNames(), setup.strategy(),
                        setup.observers(), dir, metrics, resume)) {
            int first = server.global().round() + 1;
            if (resume != null) {
                log.println("resuming after round " + resume.round() + " of " + rounds);
            }
            GanWorkbench wb = trainers.first();
            // (with averaged discriminators a client's own D is replaced by the global one each round)
            IntFunction<ClientState> initial = i -> new ClientState(i,
                    wb.initialDiscriminator(RunSeeds.initialDiscriminator(cfg, setup.clients().streamOf(i))), null, null);
            ClientStateStore store = clientStore(resume, n, initial);
            Progress progress = new Progress(log, terminal, first, rounds);
            Checkpoint last = resume;
            for (int r = first; r <= rounds; r++) {
                RoundIntake round = server.open(r);
                int[] sampled = sample(n, cfg.federation().sampledPerRound(), Seeds.rng(cfg.seed(), "sample-clients", r));
                round.sampled(sampled);
                List<ClientTrainers.Job<LocalClient.Result>> jobs = new ArrayList<>(sampled.length);
                for (int k = 0; k < sampled.length; k++) {
                    int i = sampled[k];
                    int kk = k;
                    BatchSource src = setup.clients().forRound(r, i);
                    int steps = cfg.training().stepsFor(src.size());
                    ClientState state = store.get(i);
                    jobs.add(w -> {
                        synchronized (progress) {
                            progress.step(round.round(), kk, sampled.length, "training client " + i + ", " + steps + " steps"
                                    + (trainers.workers() > 1 ? " (" + trainers.workers() + " at once)" : ""));
                        }
                        return train(w, state, round, src, steps, i);
                    });
                }
                List<LocalClient.Result> results = runAll(trainers, jobs);
                for (int k = 0; k < sampled.length; k++) {
                    int i = sampled[k];
                    LocalClient.Result res = results.get(k);
                    if (res.update() == null) {
                        // its state is the one from before the round: nothing to store
                        round.dropped(Integer.toString(i));
                        log.println("round " + r + ": attacker client " + i + "'s local training diverged; it sends"
                                + " nothing this round and starts again from the next global model");
                        continue;
                    }
                    store.put(res.state(), r);
                    String problem = round.deliver(res.update(), null);
                    if (problem != null) {
                        round.rejected(problem);
                        log.println("round " + r + ": rejected update of client " + i + ": " + problem);
                    }
                }
                RoundServer.Outcome out = server.close(round, setup.malicious(), store.inlineStates(), store.versions());
                last = out.checkpoint();
                store.retainOnly(dir.keptClientVersions());
                progress.roundDone(r, out.summary());
            }
            return last;
        }
    }

    /** Runs a round's client jobs; a failed one fails the round with its own exception. */
    private static List<LocalClient.Result> runAll(ClientTrainers trainers, List<ClientTrainers.Job<LocalClient.Result>> jobs)
            throws IOException {
        try {
            return trainers.runAll(jobs);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Client {@code i}'s local round. A diverged honest client stops the run with what to do: its data and the
     * config are the user's to fix. A diverged attacker does not: its adversarial terms are the attack's own
     * business (a real one would retry or sit out, and a server rejects a non-finite update anyway), so it
     * sends nothing this round ({@code update} null, its state as before the round) and the federation goes on.
     */
    private LocalClient.Result train(GanWorkbench wb, ClientState state, RoundIntake round, BatchSource src, int steps,
            int i) {
        int r = round.round();
        Random rng = new Random(RunSeeds.train(setup.config(), r, setup.clients().streamOf(i)));
        try {
            return LocalClient.trainRound(wb, state, r, round.context().globalGenerator(),
                    round.context().globalDiscriminator(), src, steps, rng, setup.clients().behaviours(i));
        } catch (IllegalStateException failure) {
            return afterFailure(failure, setup.malicious().contains(i), state, r, i);
        }
    }

    /**
     * What a client's failed local round gives: for an attacker whose training diverged, no update and its state as
     * before the round; otherwise the run stops, with the round, the client and what to do.
     */
    static LocalClient.Result afterFailure(IllegalStateException failure, boolean malicious, ClientState before, int r,
            int i) {
        if (malicious && failure instanceof TrainingDivergedException) {
            return new LocalClient.Result(null, before);
        }
        throw new IllegalStateException("round " + r + ", client " + i + ": " + failure.getMessage()
                + "; the run stopped after round " + (r - 1) + " (checkpointed); change the config"
                + " and start a new run, since --resume would replay the same steps", failure);
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
