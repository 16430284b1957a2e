package org.fedsynth.fl.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.SampleGrid;
import org.fedsynth.util.Memory;
import org.fedsynth.util.Seeds;

/**
 * The server's half of a round, shared by the in-process simulation and the networked
 * coordinator (one strategy API, one set of run-folder outputs): the global state between rounds,
 * the round context, aggregation through {@link RoundAggregator}, the per-client audit records in
 * {@code metrics.jsonl}, the sample grid and the atomic checkpoint.
 *
 * <p>Callers drive the order: {@link #context}, then {@link #aggregate} on the validated updates
 * (sorted by client index, so float sums are reproducible), then {@link #roundRecord}, optionally
 * extra fields, then {@link #commit}.
 */
public final class RoundCloser {

    /**
     * The global state after a completed round (round 0 = the initial models).
     *
     * @param round the last completed round
     * @param generator the global generator
     * @param discriminator the global discriminator, or {@code null} when discriminators stay private
     * @param published the published generator (moving average of the global one over rounds), or
     *     {@code null} when the global generator is published itself or no round has completed
     * @param strategyState the strategy's carried state
     */
    public record Global(int round, ModelWeights generator, ModelWeights discriminator, ModelWeights published,
            JsonNode strategyState) {

        /** The state stored in a checkpoint. */
        public static Global of(Checkpoint c) {
            return new Global(c.round(), c.globalG(), c.globalD(), c.publishedG(), c.strategyState());
        }

        /** The generator to sample from: the published one if kept, else the global one. */
        public ModelWeights sampleGenerator() {
            return published != null ? published : generator;
        }
    }

    private final RunConfig cfg;
    private final GanSpec spec;
    private final List<String> classNames;
    private final AggregationStrategy strategy;
    private final RunDirectory dir;
    private final MetricsLog metrics;
    private final GanWorkbench wb;
    private final RoundAggregator.Weighting weighting;
    private Global global;
    private final WorkbenchProbe probe;

    /**
     * A closer for one run.
     *
     * @param wb a workbench of {@code spec}; the generator to sample from ({@link Global#sampleGenerator})
     *     is loaded into it after each aggregation (for the grid and any observer)
     * @param start the state to continue from ({@link #initial} or a checkpoint's)
     */
    public RoundCloser(RunConfig cfg, GanSpec spec, List<String> classNames, AggregationStrategy strategy,
            RunDirectory dir, MetricsLog metrics, GanWorkbench wb, Global start) {
        this.cfg = cfg;
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.strategy = strategy;
        this.dir = dir;
        this.metrics = metrics;
        this.wb = wb;
        this.weighting = cfg.federation().weighting().equals("uniform")
                ? RoundAggregator.Weighting.UNIFORM : RoundAggregator.Weighting.SAMPLES;
        this.global = start;
        this.probe = new WorkbenchProbe(wb, cfg.seed());
    }

    /** The initial global models of a run, drawn from its root seed. */
    public static Global initial(GanWorkbench wb, RunConfig cfg) {
        long seed = cfg.seed();
        return new Global(0, wb.initialGenerator(Seeds.derive(seed, "init-g")),
                cfg.federation().averageDiscriminator() ? wb.initialDiscriminator(Seeds.derive(seed, "init-d")) : null,
                null, JsonNodeFactory.instance.objectNode());
    }

    /** The seed of client {@code index}'s initial private discriminator (or the shared one when averaged). */
    public static long initialDiscriminatorSeed(RunConfig cfg, int index) {
        return cfg.federation().averageDiscriminator()
                ? Seeds.derive(cfg.seed(), "init-d") : Seeds.derive(cfg.seed(), "init-d", index);
    }

    /** The seed of client {@code index}'s random stream in round {@code round}. */
    public static long trainSeed(RunConfig cfg, int round, int index) {
        return Seeds.derive(cfg.seed(), "train", round, index);
    }

    /** The current global state. */
    public Global global() {
        return global;
    }

    /** The strategy. */
    public AggregationStrategy strategy() {
        return strategy;
    }

    /** The context of round {@code round} (the one after the last completed round). */
    public RoundContext context(int round) {
        return new RoundContext(round, global.generator(), global.discriminator(), global.strategyState(),
                Seeds.derive(cfg.seed(), "strategy", round), probe);
    }

    /**
     * Aggregates the validated updates, appends one audit record per client to {@code metrics.jsonl},
     * makes the result the new global state and loads the new generator into the workbench.
     *
     * @param malicious the ground truth for the records (the simulation's attack plan, or the
     *     clients that declared an attack over the network)
     * @param names optional display names per client index, logged as {@code client_name}
     */
    public AggregationResult aggregate(RoundContext ctx, List<ClientUpdate> updates, Set<Integer> malicious,
            Map<Integer, String> names) {
        AggregationResult result = RoundAggregator.aggregate(strategy, ctx, updates, weighting);
        for (int k = 0; k < updates.size(); k++) {
            metrics.append(clientRecord(updates.get(k), result.decisions().get(k), malicious, names));
        }
        global = new Global(ctx.round(), result.generator(),
                cfg.federation().averageDiscriminator() ? result.discriminator() : null,
                published(global.published(), result.generator(), cfg.federation().generatorEma()), result.state());
        wb.loadGenerator(global.sampleGenerator());
        return result;
    }

    /**
     * The next published generator: the moving average {@code decay * previous + (1 - decay) * global}
     * (it starts at the first round's global generator), or {@code null} when {@code decay} is 0.
     * Averaging the iterates damps the round-to-round oscillation of GAN training (Yazici et al.
     * 2019); the trainers never see it.
     */
    static ModelWeights published(ModelWeights previous, ModelWeights global, double decay) {
        if (decay == 0) {
            return null;
        }
        return previous == null ? global : previous.movingAverage(global, decay);
    }

    /** The start of the round's server record in {@code metrics.jsonl}. */
    public ObjectNode roundRecord(int round, int clients, int rejected, double trainMs, double aggregateMs) {
        return MetricsLog.record("round", round)
                .put("strategy", strategy.name())
                .put("clients", clients)
                .put("rejected", rejected)
                .put("train_ms", trainMs)
                .put("aggregate_ms", aggregateMs);
    }

    /** Writes the round's sample grid when it is due (every {@code output.sample_every} rounds and the last). */
    public void writeGridIfDue(int round) throws IOException {
        if (round % cfg.output().sampleEvery() == 0 || round == cfg.federation().rounds()) {
            writeGrid(round);
        }
    }

    /**
     * Completes the round: adds timing and memory to the round record, appends it (before the
     * checkpoint: on resume, records of rounds after the last checkpoint are dropped, so the log
     * never lacks a checkpointed round's record), and writes the checkpoint atomically.
     *
     * @param t0 {@link System#nanoTime()} at the start of the round
     * @param clients the clients' private states to hold inline (empty over the network, where
     *     each site keeps its own)
     * @param clientVersions spilled client-state versions (empty unless spilled)
     */
    public Checkpoint commit(ObjectNode roundRec, long t0, List<ClientState> clients, Map<Integer, Integer> clientVersions)
            throws IOException {
        roundRec.put("round_ms", (System.nanoTime() - t0) / 1e6)
                .put("heap_mb", Memory.heapMb())
                .put("rss_mb", Memory.rssMb());
        metrics.append(roundRec);
        Checkpoint c = new Checkpoint(global.round(), cfg.seed(), spec, classNames, ConfigIO.toYaml(cfg),
                global.generator(), global.discriminator(), global.published(), global.strategyState(), clients,
                clientVersions);
        dir.saveCheckpoint(c, cfg.output().checkpointKeep());
        return c;
    }

    /** The audit record of one client in one round (the FedDetect decision fields included). */
    static ObjectNode clientRecord(ClientUpdate u, ClientDecision d, Set<Integer> malicious, Map<Integer, String> names) {
        ObjectNode o = MetricsLog.record("client", u.round())
                .put("client", u.clientId());
        String name = names.get(u.clientId());
        if (name != null) {
            o.put("client_name", name);
        }
        o.put("lossD", u.stats().lossDMean())
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
                .put("malicious", malicious.contains(u.clientId()));
        if (!Double.isNaN(d.score())) {
            o.put("score", d.score());
        }
        if (!d.detectorInput().isEmpty()) {
            ObjectNode in = o.putObject("detector_input");
            d.detectorInput().forEach(in::put);
        }
        return o;
    }

    /** One line for the progress display. */
    public static String summary(List<ClientUpdate> updates, AggregationResult r, double aggMs) {
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

    /** Writes the round's sample grid from the published generator (already loaded): the same fixed noise every round, and the same noise down each column, so rows differ only by class. */
    private void writeGrid(int round) throws IOException {
        int k = spec.numClasses();
        int per = cfg.output().samplesPerClass();
        int zDim = spec.zDim();
        float[] column = GanWorkbench.gaussian(per * zDim, Seeds.rng(cfg.seed(), "grid-noise"));
        float[] z = new float[k * per * zDim];
        int[] labels = new int[k * per];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / per;
            System.arraycopy(column, (i % per) * zDim, z, i * zDim, zDim);
        }
        float[] imgs = wb.generate(z, labels);
        SampleGrid.write(imgs, k, per, spec.channels(), spec.resolution(), classNames, dir.grid(round));
    }
}
