package org.fedsynth.fl.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.Progress;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.SampleGrid;
import org.fedsynth.util.Memory;
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
        boolean avgD = cfg.federation().averageDiscriminator();
        RoundAggregator.Weighting weighting = cfg.federation().weighting().equals("uniform")
                ? RoundAggregator.Weighting.UNIFORM : RoundAggregator.Weighting.SAMPLES;
        try (GanWorkbench wb = new GanWorkbench(setup.spec(), cfg.training().settings())) {
            ModelWeights globalG;
            ModelWeights globalD;
            JsonNode strategyState;
            int start;
            final ModelWeights initialSharedD;
            if (resume != null) {
                globalG = resume.globalG();
                globalD = resume.globalD();
                strategyState = resume.strategyState();
                start = resume.round();
                log.println("resuming after round " + start + " of " + rounds);
            } else {
                globalG = wb.initialGenerator(Seeds.derive(seed, "init-g"));
                globalD = avgD ? wb.initialDiscriminator(Seeds.derive(seed, "init-d")) : null;
                strategyState = JsonNodeFactory.instance.objectNode();
                start = 0;
            }
            initialSharedD = avgD ? wb.initialDiscriminator(Seeds.derive(seed, "init-d")) : null;
            IntFunction<ClientState> initial = i -> new ClientState(i,
                    initialSharedD != null ? initialSharedD : wb.initialDiscriminator(Seeds.derive(seed, "init-d", i)), null, null);
            // (with averaged discriminators a client's own D is replaced by the global one each round)
            ClientStateStore store = clientStore(resume, n, initial);
            int perRound = cfg.federation().sampledPerRound();
            WorkbenchProbe probe = new WorkbenchProbe(wb, seed);
            Progress progress = new Progress(log, terminal, start + 1, rounds);
            Checkpoint last = resume;
            try (MetricsLog metrics = MetricsLog.open(dir.metrics(), start)) {
                for (int r = start + 1; r <= rounds; r++) {
                    long t0 = System.nanoTime();
                    RoundContext ctx = new RoundContext(r, globalG, globalD, strategyState, Seeds.derive(seed, "strategy", r),
                            probe);
                    int[] sampled = sample(n, perRound, Seeds.rng(seed, "sample-clients", r));
                    List<ClientUpdate> updates = new ArrayList<>(sampled.length);
                    List<String> rejected = new ArrayList<>();
                    for (int k = 0; k < sampled.length; k++) {
                        int i = sampled[k];
                        BatchSource src = setup.clients().forRound(r, i);
                        int steps = cfg.training().stepsFor(src.size());
                        progress.step(r, k, sampled.length, "training client " + i + ", " + steps + " steps");
                        Random rng = Seeds.rng(seed, "train", r, i);
                        LocalClient.Result res;
                        try {
                            res = LocalClient.trainRound(wb, store.get(i), r, globalG, globalD, src, steps, rng);
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
                    AggregationResult result = RoundAggregator.aggregate(setup.strategy(), ctx, updates, weighting);
                    long t2 = System.nanoTime();
                    globalG = result.generator();
                    globalD = avgD ? result.discriminator() : null;
                    strategyState = result.state();
                    for (int k = 0; k < updates.size(); k++) {
                        metrics.append(clientRecord(updates.get(k), result.decisions().get(k)));
                    }
                    wb.loadGenerator(globalG);
                    ObjectNode roundRec = MetricsLog.record("round", r)
                            .put("strategy", setup.strategy().name())
                            .put("clients", updates.size())
                            .put("rejected", rejected.size())
                            .put("train_ms", (t1 - t0) / 1e6)
                            .put("aggregate_ms", (t2 - t1) / 1e6);
                    for (RoundObserver o : setup.observers()) {
                        for (Map.Entry<String, Double> e : o.observe(r, wb).entrySet()) {
                            roundRec.put(e.getKey(), e.getValue());
                        }
                    }
                    if (r % cfg.output().sampleEvery() == 0 || r == rounds) {
                        writeGrid(wb, r);
                    }
                    long t3 = System.nanoTime();
                    ArrayNode sampledIds = roundRec.putArray("sampled");
                    for (int id : sampled) {
                        sampledIds.add(id);
                    }
                    roundRec.put("round_ms", (t3 - t0) / 1e6)
                            .put("heap_mb", Memory.heapMb())
                            .put("rss_mb", Memory.rssMb());
                    // The round record goes first: on resume, records of rounds after the last
                    // checkpoint are dropped, so the log never lacks a checkpointed round's record.
                    metrics.append(roundRec);
                    last = new Checkpoint(r, seed, setup.spec(), setup.classNames(), ConfigIO.toYaml(cfg),
                            globalG, globalD, strategyState, store.inlineStates(), store.versions());
                    dir.saveCheckpoint(last, cfg.output().checkpointKeep());
                    store.retainOnly(dir.keptClientVersions());
                    progress.roundDone(r, summary(updates, result, (t2 - t1) / 1e6));
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

    private ObjectNode clientRecord(ClientUpdate u, ClientDecision d) {
        ObjectNode o = MetricsLog.record("client", u.round())
                .put("client", u.clientId())
                .put("lossD", u.stats().lossDMean())
                .put("lossD_last", u.stats().lossDLast())
                .put("lossG", u.stats().lossGMean())
                .put("lossG_last", u.stats().lossGLast())
                .put("samples", u.samples())
                .put("base_weight", d.baseWeight())
                .put("weight", d.weight())
                .put("flagged", d.flagged())
                .put("applied", d.applied())
                .put("track_record", d.trackRecord())
                .put("reason", d.reason())
                .put("malicious", setup.malicious().contains(u.clientId()));
        if (!Double.isNaN(d.score())) {
            o.put("score", d.score());
        }
        if (!d.detectorInput().isEmpty()) {
            ObjectNode in = o.putObject("detector_input");
            d.detectorInput().forEach(in::put);
        }
        return o;
    }

    private static String summary(List<ClientUpdate> updates, AggregationResult r, double aggMs) {
        double g = 0;
        double d = 0;
        for (ClientUpdate u : updates) {
            g += u.stats().lossGMean();
            d += u.stats().lossDMean();
        }
        long flagged = r.decisions().stream().filter(ClientDecision::flagged).count();
        return String.format("lossD %.3f lossG %.3f | agg %.1f ms%s", d / updates.size(), g / updates.size(), aggMs,
                flagged > 0 ? " | flagged " + flagged : "");
    }

    /** Writes the round's sample grid from the global generator (already loaded): the same fixed noise every round, and the same noise down each column, so rows differ only by class. */
    private void writeGrid(GanWorkbench wb, int round) throws IOException {
        int k = setup.spec().numClasses();
        int per = setup.config().output().samplesPerClass();
        int zDim = setup.spec().zDim();
        float[] column = GanWorkbench.gaussian(per * zDim, Seeds.rng(setup.config().seed(), "grid-noise"));
        float[] z = new float[k * per * zDim];
        int[] labels = new int[k * per];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / per;
            System.arraycopy(column, (i % per) * zDim, z, i * zDim, zDim);
        }
        float[] imgs = wb.generate(z, labels);
        SampleGrid.write(imgs, k, per, setup.spec().channels(), setup.spec().resolution(), setup.classNames(), dir.grid(round));
    }
}
