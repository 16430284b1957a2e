package org.fedsynth.fl.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedsynth.attack.AttackPlan;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.Trigger;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.DataConfig;
import org.fedsynth.config.RunConfig;
import org.fedsynth.data.Datasets;
import org.fedsynth.data.ImageBatchSource;
import org.fedsynth.data.ImageSet;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.fl.server.RoundObserver;
import org.fedsynth.fl.server.RunParts;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.RunStart;
import org.fedsynth.run.RunSummary;
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
     * How many clients a simulation trains at once on this machine when {@code perRound} train per
     * round (see {@code ClientTrainers}: one per core, one engine thread each; {@code -Dfedsynth.workers}).
     */
    public static int workersFor(int perRound) {
        return ClientTrainers.forMachine(perRound);
    }

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
        Checkpoint from = RunStart.checkpointToResume(dir, cfg, RunStart.Policy.ON_REQUEST, resume, log).orElse(null);
        if (from != null && from.round() >= cfg.federation().rounds()) {
            log.println(out + " is already complete (" + from.round() + " of " + cfg.federation().rounds() + " rounds)");
            if (!Files.exists(dir.summary())) {
                RunSummary.write(dir, RunParts.malicious(cfg), Double.NaN);
            }
            return from;
        }
        FederatedSimulation.Setup setup = setup(cfg, log);
        if (from != null) {
            RunStart.checkSameModel(from, setup.spec(), setup.classNames(),
                    "--resume: the data no longer matches the run; restore the data or start a new run");
        }
        ObjectNode extra = RunStart.fields();
        extra.set("malicious", JSON.valueToTree(new java.util.TreeSet<>(setup.malicious())));
        RunStart.record(dir, cfg, "simulation", setup.spec(), setup.classNames(), resume, extra);
        long t0 = System.nanoTime();
        Checkpoint last = new FederatedSimulation(setup, dir, log, terminal).run(from);
        RunSummary.write(dir, setup.malicious(), (System.nanoTime() - t0) / 1e9);
        log.println("done: " + out + " (samples in " + dir.samples() + ", metrics in " + dir.metrics() + ")");
        return last;
    }

    /** Builds everything the simulation needs from the configuration. */
    public static FederatedSimulation.Setup setup(RunConfig cfg, PrintStream log) throws IOException {
        DataConfig data = cfg.data();
        List<ImageSet> clientData = Datasets.clientData(cfg.data(), cfg.federation(), cfg.seed());
        ImageSet first = clientData.get(0);
        GanSpec spec = GanSpec.of(data.resolution(), first.channels(), first.numClasses(), cfg.training().baseWidth());
        List<BatchSource> benign = new ArrayList<>();
        for (int i = 0; i < clientData.size(); i++) {
            benign.add(new ImageBatchSource(clientData.get(i)));
            log.println("client " + i + ": " + clientData.get(i).size() + " images, per class "
                    + java.util.Arrays.toString(clientData.get(i).classCounts()));
        }
        AggregationStrategy strategy = RunParts.strategy(cfg);
        AttackSpec attack = RunParts.attack(cfg);
        AttackPlan plan;
        // the same resolution as RunParts.malicious(cfg)
        Trigger trigger;
        try {
            plan = attack.resolve(benign.size(), Seeds.derive(cfg.seed(), "malicious"));
            plan.check(benign.size(), first.numClasses(), false);
            trigger = Trigger.build(attack.trigger(), spec.resolution(), spec.channels());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("attack: " + e.getMessage(), e);
        }
        if (!plan.malicious().isEmpty()) {
            String refused = strategy.refuseAttackers(plan.malicious().size(), benign.size());
            if (refused != null) {
                throw new ConfigException("attack.malicious: " + refused);
            }
        }
        Double announcedClip = strategy.announcedClipBound();
        List<ClientBehaviours> behaviours = new ArrayList<>();
        for (int i = 0; i < benign.size(); i++) {
            try {
                behaviours.add(plan.behavioursFor(i, trigger, announcedClip));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("attack: " + e.getMessage(), e);
            }
        }
        if (!plan.malicious().isEmpty()) {
            log.println("ATTACK: " + plan.describe(trigger));
        }
        // sybils train on the data and the random streams of the first malicious client
        int sybilOf = attack.sybils() ? plan.malicious().iterator().next() : -1;
        ClientSources sources = new ClientSources() {
            @Override
            public int count() {
                return benign.size();
            }

            @Override
            public BatchSource forRound(int round, int client) {
                return benign.get(streamOf(client));
            }

            @Override
            public ClientBehaviours behaviours(int client) {
                return behaviours.get(client);
            }

            @Override
            public int streamOf(int client) {
                return sybilOf >= 0 && plan.malicious().contains(client) ? sybilOf : client;
            }
        };
        Set<Integer> malicious = plan.malicious();
        List<RoundObserver> observers = RunParts.observers(cfg, spec, trigger);
        return new FederatedSimulation.Setup(cfg, spec, first.classNames(), sources, strategy, malicious, observers);
    }
}
