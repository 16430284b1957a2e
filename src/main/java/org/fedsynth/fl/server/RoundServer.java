package org.fedsynth.fl.server;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.FederationConfig;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.ClientRecord;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.RoundRecord;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.Memory;

/**
 * The server's round, the same for the in-process simulation and the networked coordinator: the
 * transports only deliver updates to a round's {@link RoundIntake} and report drops and
 * rejections to it; this class does everything else, in one order:
 * <ol>
 *   <li>{@link #open}: the round's context (global models, carried strategy state, seed, probe);
 *   <li>intake and validation ({@link RoundIntake}, {@link UpdateValidator});
 *   <li>{@link #close}: the strategy on the accepted updates and the check of its result
 *       ({@link RoundAggregator}); one {@link ClientRecord} per client; the new global state and
 *       published generator; the observers ({@code trigger_score}); the sample grid; the
 *       {@link RoundRecord}; the atomic checkpoint.
 * </ol>
 * It draws on its own generator ({@link GeneratorRenderer}), never on a client's workbench.
 */
public final class RoundServer implements AutoCloseable {

    /** What a closed round produced. */
    public record Outcome(AggregationResult result, List<ClientUpdate> updates, Checkpoint checkpoint, String summary) {

        /** The decision about client {@code index}, or {@code null} when it had no accepted update. */
        public ClientDecision decisionOf(int index) {
            for (int k = 0; k < updates.size(); k++) {
                if (updates.get(k).clientId() == index) {
                    return result.decisions().get(k);
                }
            }
            return null;
        }
    }

    private final RunConfig cfg;
    private final GanSpec spec;
    private final List<String> classNames;
    private final AggregationStrategy strategy;
    private final List<RoundObserver> observers;
    private final RunDirectory dir;
    private final MetricsLog metrics;
    private final RoundAggregator.Weighting weighting;
    private final GeneratorRenderer renderer;
    private final WorkbenchProbe probe;
    private final RoundGrids grids;
    private GlobalState global;

    /**
     * The server of one run, continuing from {@code resume} (a checkpoint of this run) or, when
     * {@code null}, from the initial models drawn from the run's seed.
     */
    public RoundServer(RunConfig cfg, GanSpec spec, List<String> classNames, AggregationStrategy strategy,
            List<RoundObserver> observers, RunDirectory dir, MetricsLog metrics, Checkpoint resume) {
        this.cfg = cfg;
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.strategy = strategy;
        this.observers = List.copyOf(observers);
        this.dir = dir;
        this.metrics = metrics;
        this.weighting = weighting(cfg.federation());
        GanWorkbench wb = new GanWorkbench(spec, cfg.training().settings());
        this.renderer = new GeneratorRenderer(wb, true);
        this.global = resume != null ? GlobalState.of(resume) : GlobalState.initial(wb, cfg);
        this.probe = WorkbenchProbe.forServer(renderer, cfg.seed(), () -> new GanWorkbench(spec, cfg.training().settings()));
        this.grids = new RoundGrids(cfg, spec, classNames, dir);
    }

    /** The base weighting of a round: {@code federation.weighting}, capped at {@code federation.max_share} when set. */
    static RoundAggregator.Weighting weighting(FederationConfig f) {
        RoundAggregator.Weighting w = f.weighting().equals("uniform")
                ? RoundAggregator.Weighting.UNIFORM : RoundAggregator.Weighting.SAMPLES;
        return f.maxShare() == null ? w : w.capped(f.maxShare());
    }

    /** The current global state (after the last completed round). */
    public GlobalState global() {
        return global;
    }

    /** The strategy. */
    public AggregationStrategy strategy() {
        return strategy;
    }

    /** Opens round {@code round} (the one after the last completed round). */
    public RoundIntake open(int round) {
        if (round != global.round() + 1) {
            throw new IllegalStateException("round " + round + " opened after round " + global.round());
        }
        return new RoundIntake(new RoundContext(round, global.generator(), global.discriminator(), global.strategyState(),
                RunSeeds.strategy(cfg, round), probe));
    }

    /**
     * Closes a round: aggregates its accepted updates and writes every record of it, then the
     * checkpoint (the round's records come first: on resume, records of rounds after the last
     * checkpoint are dropped, so the log never lacks a checkpointed round's record).
     *
     * @param malicious the ground truth for the records (the simulation's attack plan, or the sites
     *     that declared an attack)
     * @param clients the clients' private states to hold inline in the checkpoint (empty over the
     *     network, where each site keeps its own)
     * @param clientVersions spilled client-state versions (empty unless spilled)
     */
    public Outcome close(RoundIntake in, Set<Integer> malicious, List<ClientState> clients,
            Map<Integer, Integer> clientVersions) throws IOException {
        int r = in.round();
        List<ClientUpdate> updates = in.accepted();
        long t1 = System.nanoTime();
        AggregationResult result = RoundAggregator.aggregate(strategy, in.context(), updates, weighting);
        long t2 = System.nanoTime();
        for (int k = 0; k < updates.size(); k++) {
            ClientUpdate u = updates.get(k);
            metrics.append(ClientRecord.of(u, result.decisions().get(k), malicious.contains(u.clientId()),
                    in.name(u.clientId())));
        }
        global = new GlobalState(r, result.generator(),
                cfg.federation().averageDiscriminator() ? result.discriminator() : null,
                GlobalState.published(global.published(), result.generator(), cfg.federation().generatorEma()),
                result.state());
        Map<String, Double> observed = new TreeMap<>();
        for (RoundObserver o : observers) {
            observed.putAll(o.observe(r, renderer, global.sampleGenerator()));
        }
        grids.writeIfDue(r, renderer, global.sampleGenerator());
        double aggMs = (t2 - t1) / 1e6;
        metrics.append(new RoundRecord(r, strategy.name(), updates.size(), in.rejections().size(),
                (t1 - in.openedNanos()) / 1e6, aggMs, in.sampledClients(), in.droppedClients(), in.rejections(), observed,
                (System.nanoTime() - in.openedNanos()) / 1e6, Memory.heapMb(), Memory.rssMb()));
        Checkpoint c = new Checkpoint(r, cfg.seed(), spec, classNames, ConfigIO.toYaml(cfg), global.generator(),
                global.discriminator(), global.published(), global.strategyState(), clients, clientVersions);
        dir.saveCheckpoint(c, cfg.output().checkpointKeep());
        return new Outcome(result, updates, c, summary(updates, result, aggMs));
    }

    /** One line for the progress display. */
    static String summary(List<ClientUpdate> updates, AggregationResult r, double aggMs) {
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

    @Override
    public void close() {
        probe.close();
        renderer.close();
    }
}
