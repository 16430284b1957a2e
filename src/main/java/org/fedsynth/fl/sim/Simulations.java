package org.fedsynth.fl.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fedsynth.attack.AttackPlan;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerScore;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.DataConfig;
import org.fedsynth.config.RunConfig;
import org.fedsynth.data.Datasets;
import org.fedsynth.data.ImageBatchSource;
import org.fedsynth.data.ImageSet;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.fl.strategy.Strategies;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.RunSummary;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Seeds;

/**
 * Assembles and runs a simulation from a {@link RunConfig}: loads and partitions the data, wraps
 * malicious clients' data with the attack, builds the strategy, and guards the output folder so
 * that an existing run is never overwritten by accident.
 */
public final class Simulations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Simulations() {}

    /**
     * Trains (or resumes) a run into {@code out}.
     *
     * @return the final checkpoint
     */
    public static Checkpoint train(RunConfig cfg, Path out, boolean resume, PrintStream log, boolean terminal)
            throws IOException {
        RunDirectory dir = new RunDirectory(out);
        try (AutoCloseable lock = dir.lock()) {
            return train(cfg, dir, resume, log, terminal);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Checkpoint train(RunConfig cfg, RunDirectory dir, boolean resume, PrintStream log, boolean terminal)
            throws IOException {
        Path out = dir.root();
        Checkpoint from = null;
        if (resume) {
            checkSameRun(cfg, dir);
            Optional<Checkpoint> c = dir.latestReadableCheckpoint(log);
            if (c.isEmpty()) {
                throw new ConfigException("--resume: nothing to resume in " + out + " (no readable checkpoints/round-NNNN.ckpt);"
                        + " run without --resume to start it");
            }
            from = c.get();
            if (from.round() >= cfg.federation().rounds()) {
                log.println(out + " is already complete (" + from.round() + " of " + cfg.federation().rounds() + " rounds)");
                if (!Files.exists(dir.summary())) {
                    RunSummary.write(dir, maliciousOf(cfg), Double.NaN);
                }
                return from;
            }
        } else if (!dir.checkpointsNewestFirst().isEmpty()) {
            throw new ConfigException(out + " already holds a run (" + dir.checkpointsNewestFirst().get(0).getFileName()
                    + "); add --resume to continue it, or choose another --out");
        }
        FederatedSimulation.Setup setup = setup(cfg, log);
        if (from != null && (!from.spec().equals(setup.spec()) || !from.classNames().equals(setup.classNames()))) {
            throw new ConfigException("--resume: the data no longer matches the run: the checkpoint was trained on classes "
                    + from.classNames() + " with " + from.spec() + ", the data now gives " + setup.classNames() + " with "
                    + setup.spec() + "; restore the data or start a new run");
        }
        ConfigIO.write(cfg, dir.resolvedConfig());
        writeProvenance(cfg, dir, setup, resume);
        long t0 = System.nanoTime();
        Checkpoint last = new FederatedSimulation(setup, dir, log, terminal).run(from);
        RunSummary.write(dir, setup.malicious(), (System.nanoTime() - t0) / 1e9);
        log.println("done: " + out + " (samples in " + dir.samples() + ", metrics in " + dir.metrics() + ")");
        return last;
    }

    /** Refuses to resume with a configuration that differs from the run's, except in the number of rounds. */
    public static void checkSameRun(RunConfig cfg, RunDirectory dir) throws IOException {
        if (!Files.exists(dir.resolvedConfig())) {
            throw new ConfigException("--resume: " + dir.resolvedConfig() + " not found; is " + dir.root() + " a FedSynth run folder?");
        }
        RunConfig saved = ConfigIO.read(dir.resolvedConfig());
        ObjectNode a = (ObjectNode) ConfigIO.yaml().valueToTree(saved);
        ObjectNode b = (ObjectNode) ConfigIO.yaml().valueToTree(cfg);
        ((ObjectNode) a.get("federation")).remove("rounds");
        ((ObjectNode) b.get("federation")).remove("rounds");
        if (!a.equals(b)) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            List<String> diff = keys.stream().filter(k -> !java.util.Objects.equals(a.get(k), b.get(k))).toList();
            throw new ConfigException("--resume: the config differs from " + dir.resolvedConfig() + " in section(s) " + diff
                    + "; resume with the run's own config (only federation.rounds may change)");
        }
    }

    /** Builds everything the simulation needs from the configuration. */
    public static FederatedSimulation.Setup setup(RunConfig cfg, PrintStream log) throws IOException {
        DataConfig data = cfg.data();
        List<ImageSet> clientData = Datasets.clientData(cfg.data(), cfg.federation(), cfg.seed());
        ImageSet first = clientData.get(0);
        GanSpec spec = new GanSpec(data.resolution(), first.channels(), first.numClasses(), 100, 50,
                cfg.training().baseWidth());
        List<BatchSource> benign = new ArrayList<>();
        for (int i = 0; i < clientData.size(); i++) {
            benign.add(new ImageBatchSource(clientData.get(i)));
            log.println("client " + i + ": " + clientData.get(i).size() + " images, per class "
                    + java.util.Arrays.toString(clientData.get(i).classCounts()));
        }
        AggregationStrategy strategy = strategy(cfg);
        AttackSpec attack = attack(cfg);
        AttackPlan plan;
        // the same resolution as maliciousOf(cfg)
        Trigger trigger;
        try {
            plan = attack.resolve(benign.size(), Seeds.derive(cfg.seed(), "malicious"));
            trigger = Trigger.build(attack.trigger(), spec.resolution(), spec.channels());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("attack: " + e.getMessage(), e);
        }
        if (!plan.malicious().isEmpty()) {
            log.println("ATTACK: clients " + plan.malicious() + " are MALICIOUS: they paste a " + attack.trigger().type().configName()
                    + " trigger of " + trigger.size() + "px on " + Math.round(plan.poisonRate() * 100)
                    + "% of their real images from round " + plan.startRound()
                    + (plan.updateScale() != 1.0 ? " and scale their update delta by " + plan.updateScale() : ""));
        }
        ClientSources sources = new ClientSources() {
            @Override
            public int count() {
                return benign.size();
            }

            @Override
            public BatchSource forRound(int round, int client) {
                return benign.get(client);
            }

            @Override
            public ClientBehaviours behaviours(int client) {
                return plan.behavioursFor(client, trigger);
            }
        };
        Set<Integer> malicious = plan.malicious();
        List<RoundObserver> observers = new ArrayList<>();
        TriggerScore score = new TriggerScore(trigger);
        if (score.mode() != TriggerScore.Mode.UNDEFINED) {
            observers.add(new TriggerScoreObserver(score, cfg.output().scoreEvery(), cfg.federation().rounds(),
                    128, spec.numClasses(), spec.zDim(), cfg.seed()));
        }
        return new FederatedSimulation.Setup(cfg, spec, first.classNames(), sources, strategy, malicious, observers);
    }

    /** The configured strategy; its validation errors become config errors. */
    @SuppressWarnings("unchecked")
    public static AggregationStrategy strategy(RunConfig cfg) {
        try {
            return Strategies.create(JSON.convertValue(cfg.strategy(), java.util.Map.class));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The malicious clients of a configuration (ground truth), without loading any data. */
    public static Set<Integer> maliciousOf(RunConfig cfg) {
        return attack(cfg).resolve(cfg.federation().clients(), Seeds.derive(cfg.seed(), "malicious")).malicious();
    }

    /**
     * The configured attack; with no {@code attack} section, no client is malicious and the default
     * trigger is still used to measure {@code trigger_score}, so vanilla runs compare with attacked ones.
     */
    @SuppressWarnings("unchecked")
    public static AttackSpec attack(RunConfig cfg) {
        if (cfg.attack() == null) {
            return AttackSpec.none();
        }
        try {
            return AttackSpec.fromTree(cfg.attack());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static void writeProvenance(RunConfig cfg, RunDirectory dir, FederatedSimulation.Setup setup, boolean resume)
            throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("tool", "fedsynth");
        o.put("version", String.valueOf(Simulations.class.getPackage().getImplementationVersion()));
        o.put("started", Instant.now().toString());
        o.put("resumed", resume);
        o.put("seed", cfg.seed());
        o.put("java", System.getProperty("java.version"));
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        o.put("engine", "DJL PyTorch");
        o.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        o.set("spec", JSON.valueToTree(setup.spec()));
        o.set("class_names", JSON.valueToTree(setup.classNames()));
        o.set("malicious", JSON.valueToTree(new java.util.TreeSet<>(setup.malicious())));
        AtomicFiles.writeString(dir.root().resolve(resume ? "run.resumed.json" : "run.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }
}
