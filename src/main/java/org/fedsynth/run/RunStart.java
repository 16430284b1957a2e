package org.fedsynth.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.util.AtomicFiles;

/**
 * Starting or resuming a run in its folder, the same for the simulation ({@code fedsynth train})
 * and the networked server ({@code fedsynth serve}): the resume checks (same config but for
 * {@code federation.rounds}, a readable checkpoint, the same model and classes), then the resolved
 * config and the provenance record ({@code run.json}, or {@code run.resumed.json}).
 */
public final class RunStart {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a run folder that already holds checkpoints is treated. */
    public enum Policy {
        /** Resume only when asked ({@code train --resume}); refuse to start over an existing run. */
        ON_REQUEST,
        /** Resume whenever the folder holds a run (a restarted server). */
        ALWAYS
    }

    private RunStart() {}

    /**
     * The checkpoint to continue from, or empty to start from scratch.
     *
     * @param resume whether the user asked to resume (with {@link Policy#ON_REQUEST})
     * @throws ConfigException when the folder holds another run, or nothing to resume
     */
    public static Optional<Checkpoint> checkpointToResume(RunDirectory dir, RunConfig cfg, Policy policy, boolean resume,
            PrintStream log) throws IOException {
        boolean holdsRun = !dir.checkpointsNewestFirst().isEmpty();
        if (policy == Policy.ON_REQUEST && !resume) {
            if (holdsRun) {
                throw new ConfigException(dir.root() + " already holds a run (" + dir.checkpointsNewestFirst().get(0).getFileName()
                        + "); add --resume to continue it, or choose another --out");
            }
            return Optional.empty();
        }
        if (!holdsRun && policy == Policy.ALWAYS) {
            return Optional.empty();
        }
        checkSameRun(cfg, dir);
        Optional<Checkpoint> c = dir.latestReadableCheckpoint(log);
        if (c.isEmpty() && policy == Policy.ON_REQUEST) {
            throw new ConfigException("--resume: nothing to resume in " + dir.root() + " (no readable checkpoints/round-NNNN.ckpt);"
                    + " run without --resume to start it");
        }
        return c;
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
            Set<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            List<String> diff = keys.stream().filter(k -> !Objects.equals(a.get(k), b.get(k))).toList();
            throw new ConfigException("--resume: the config differs from " + dir.resolvedConfig() + " in section(s) " + diff
                    + "; resume with the run's own config (only federation.rounds may change)");
        }
    }

    /**
     * Refuses a checkpoint trained on another model or other classes than the data or config now give.
     *
     * @param fix what the user should do, ending the message
     */
    public static void checkSameModel(Checkpoint c, GanSpec spec, List<String> classNames, String fix) {
        if (!c.spec().equals(spec) || !c.classNames().equals(classNames)) {
            throw new ConfigException("the run was trained on classes " + c.classNames() + " with " + c.spec()
                    + ", but now " + classNames + " with " + spec + " are given; " + fix);
        }
    }

    /**
     * Writes the resolved config and the provenance record: tool, mode, version, start time, seed,
     * Java, OS, engine, threads, model, classes, plus the transport's own fields ({@code extra}).
     */
    public static void record(RunDirectory dir, RunConfig cfg, String mode, GanSpec spec, List<String> classNames,
            boolean resumed, ObjectNode extra) throws IOException {
        ConfigIO.write(cfg, dir.resolvedConfig());
        ObjectNode o = JSON.createObjectNode();
        o.put("tool", "fedsynth").put("mode", mode);
        o.put("version", String.valueOf(RunStart.class.getPackage().getImplementationVersion()));
        o.put("started", Instant.now().toString());
        o.put("resumed", resumed);
        o.put("seed", cfg.seed());
        o.put("java", System.getProperty("java.version"));
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        o.put("engine", "DJL PyTorch");
        o.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        o.set("spec", JSON.valueToTree(spec));
        o.set("class_names", JSON.valueToTree(classNames));
        o.setAll(extra);
        AtomicFiles.writeString(dir.root().resolve(resumed ? "run.resumed.json" : "run.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    }

    /** An empty object for {@link #record}'s extra fields. */
    public static ObjectNode fields() {
        return JSON.createObjectNode();
    }
}
