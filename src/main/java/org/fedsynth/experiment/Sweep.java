package org.fedsynth.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.eval.pipeline.EvalOptions;
import org.fedsynth.eval.pipeline.EvalResult;
import org.fedsynth.eval.pipeline.Evaluation;
import org.fedsynth.fl.server.RunParts;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.report.ResultsTable;
import org.fedsynth.report.RunFiles;
import org.fedsynth.report.RunName;
import org.fedsynth.run.RunDirectory;

/**
 * {@code fedsynth sweep}: runs a grid of experiments and tabulates them. A grid file has
 * <pre>
 * base:     a run config (the common part)
 * variants: named overrides, e.g. {vanilla: {attack: {malicious: []}}, attack: {...}} (optional)
 * axes:     dotted key -> list of values, crossed with every variant (optional)
 * seeds:    list of root seeds (default [42])
 * evaluate: false (default), true, or a mapping of evaluate options (n, k, utility, utility_n,
 *           utility_m, utility_seeds, utility_steps, utility_rebalance, privacy): after training, every run without an
 *           eval.json is evaluated ({@code fedsynth evaluate}, one shared domain evaluator per dataset)
 * </pre>
 * Each run is an ordinary run folder {@code OUT/<variant>[__key=value...]__seed<S>} ({@link RunName}); finished runs
 * (with {@code summary.json}) are skipped and interrupted ones resumed, so a killed sweep continues.
 * {@code results.csv} has one row per run; {@code results.md} has mean ± sd over seeds, one table per
 * dataset in the paper's row order (both from {@link ResultsTable}).
 */
public final class Sweep {

    private Sweep() {}

    /** One planned run. */
    public record Planned(String name, String variant, Map<String, String> axes, long seed, RunConfig config) {}

    /** Expands a grid file into runs (validating every resulting config). */
    public static List<Planned> plan(Path gridFile) throws IOException {
        JsonNode grid = readGrid(gridFile);
        if (grid == null || !grid.isObject()) {
            throw new ConfigException(gridFile + ": a grid file must be a mapping with base, variants, axes, seeds");
        }
        for (Iterator<String> it = grid.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("base", "variants", "axes", "seeds", "evaluate").contains(k)) {
                throw new ConfigException(gridFile + ": unknown key '" + k
                        + "'; allowed keys: base, variants, axes, seeds, evaluate");
            }
        }
        require(!grid.has("base") || grid.get("base").isObject(), gridFile, "base must be a mapping (a run config)");
        require(!grid.has("variants") || grid.get("variants").isObject(), gridFile,
                "variants must be a mapping of name -> overrides");
        require(!grid.has("axes") || grid.get("axes").isObject(), gridFile, "axes must be a mapping of dotted.key -> list");
        require(!grid.has("seeds") || (grid.get("seeds").isArray() && !grid.get("seeds").isEmpty()), gridFile,
                "seeds must be a non-empty list of integers");
        if (grid.has("seeds")) {
            for (JsonNode sd : grid.get("seeds")) {
                require(sd.canConvertToLong() && sd.isIntegralNumber(), gridFile, "seeds must be integers, found " + sd);
            }
        }
        ObjectNode base = grid.has("base") ? (ObjectNode) grid.get("base") : JsonNodeFactory.instance.objectNode();
        Map<String, JsonNode> variants = new LinkedHashMap<>();
        if (grid.has("variants")) {
            grid.get("variants").fields().forEachRemaining(e -> {
                require(e.getKey().matches("[A-Za-z0-9_.-]+"), gridFile,
                        "variant names may use letters, digits, _ . - only, found '" + e.getKey() + "'");
                require(e.getValue().isObject(), gridFile, "variants." + e.getKey() + " must be a mapping of overrides");
                variants.put(e.getKey(), e.getValue());
            });
            require(!variants.isEmpty(), gridFile, "variants is empty");
        } else {
            variants.put("run", JsonNodeFactory.instance.objectNode());
        }
        List<String> axisKeys = new ArrayList<>();
        List<List<JsonNode>> axisValues = new ArrayList<>();
        if (grid.has("axes")) {
            grid.get("axes").fields().forEachRemaining(e -> {
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    throw new ConfigException(gridFile + ": axes." + e.getKey() + " must be a non-empty list of values");
                }
                axisKeys.add(e.getKey());
                List<JsonNode> vs = new ArrayList<>();
                e.getValue().forEach(vs::add);
                axisValues.add(vs);
            });
        }
        List<Long> seeds = new ArrayList<>();
        if (grid.has("seeds")) {
            grid.get("seeds").forEach(s -> seeds.add(s.asLong()));
        } else {
            seeds.add(42L);
        }
        List<Planned> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> v : variants.entrySet()) {
            for (List<JsonNode> combo : product(axisValues)) {
                for (long seed : seeds) {
                    ObjectNode cfg = base.deepCopy();
                    merge(cfg, v.getValue());
                    Map<String, String> axes = new LinkedHashMap<>();
                    for (int i = 0; i < axisKeys.size(); i++) {
                        set(cfg, axisKeys.get(i), combo.get(i));
                        String val = combo.get(i).isValueNode() ? combo.get(i).asText() : combo.get(i).toString();
                        axes.put(axisKeys.get(i), val);
                    }
                    cfg.put("seed", seed);
                    String runName = new RunName(v.getKey(), axes, seed).folder();
                    RunConfig rc = ConfigIO.fromTree(cfg, gridFile + " [" + runName + "]");
                    try {
                        RunParts.check(rc); // bound at run time; a typo must fail the plan, not the run
                    } catch (ConfigException e) {
                        throw new ConfigException(gridFile + " [" + runName + "]: " + e.getMessage(), e);
                    }
                    require(out.stream().noneMatch(p -> p.name().equals(runName)), gridFile,
                            "two runs would share the folder " + runName + " (repeated seeds or axis values?)");
                    out.add(new Planned(runName, v.getKey(), axes, seed, rc));
                }
            }
        }
        return out;
    }

    /** The grid file as a tree (read with the project's YAML mapper), or a config error naming the file. */
    private static JsonNode readGrid(Path gridFile) {
        return ConfigIO.readTree(gridFile, "grid file");
    }

    private static void require(boolean ok, Path gridFile, String message) {
        if (!ok) {
            throw new ConfigException(gridFile + ": " + message);
        }
    }

    /**
     * The grid's {@code evaluate} section as options, or {@code null} when the grid does not ask
     * for evaluation.
     */
    public static EvalOptions evaluation(Path gridFile) throws IOException {
        JsonNode grid = readGrid(gridFile);
        JsonNode ev = grid == null ? null : grid.get("evaluate");
        if (ev == null || ev.isNull() || (ev.isBoolean() && !ev.booleanValue())) {
            return null;
        }
        EvalOptions o = EvalOptions.defaults();
        if (ev.isBoolean()) {
            return o;
        }
        require(ev.isObject(), gridFile, "evaluate must be true, false or a mapping of evaluate options");
        List<String> allowed = List.of("n", "k", "utility", "utility_n", "utility_m", "utility_seeds", "utility_steps",
                "utility_rebalance", "privacy");
        for (Iterator<String> it = ev.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            require(allowed.contains(k), gridFile, "evaluate." + k + " is not an option; allowed: " + allowed);
        }
        int n = intOf(ev, "n", o.generated(), gridFile);
        int k = intOf(ev, "k", o.k(), gridFile);
        o = o.withSizes(n, k, o.kidSubsets(), o.kidSubsetSize(), o.seed());
        boolean utility = !ev.has("utility") || ev.get("utility").asBoolean(true);
        require(!ev.has("utility") || ev.get("utility").isBoolean(), gridFile, "evaluate.utility must be true or false");
        List<Integer> ns = o.utilityNs();
        if (ev.has("utility_n")) {
            JsonNode l = ev.get("utility_n");
            require(l.isArray() && !l.isEmpty(), gridFile, "evaluate.utility_n must be a list such as [10, 50, 100, all]");
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(x.asText()));
            ns = EvalOptions.parseNs(String.join(",", parts));
        }
        require(!ev.has("privacy") || ev.get("privacy").isBoolean(), gridFile, "evaluate.privacy must be true or false");
        return o.withUtility(utility, ns, intOf(ev, "utility_m", o.utilityM(), gridFile),
                intOf(ev, "utility_seeds", o.utilitySeeds(), gridFile), intOf(ev, "utility_steps", o.utilitySteps(), gridFile))
                .withPrivacy(!ev.has("privacy") || ev.get("privacy").booleanValue())
                .withRebalance(ev.has("utility_rebalance") ? EvalOptions.parseRebalance(ev.get("utility_rebalance").asText())
                        : o.utilityRebalance());
    }

    private static int intOf(JsonNode node, String key, int dflt, Path gridFile) {
        if (!node.has(key)) {
            return dflt;
        }
        JsonNode v = node.get(key);
        require(v.isIntegralNumber() && v.canConvertToInt(), gridFile, "evaluate." + key + " must be an integer, found " + v);
        return v.intValue();
    }

    /** Runs every planned run not yet complete, then writes results.csv and results.md. */
    public static void run(Path gridFile, Path out, PrintStream log, boolean terminal) throws IOException {
        List<Planned> runs = plan(gridFile);
        EvalOptions evaluation = evaluation(gridFile);
        Files.createDirectories(out);
        int i = 0;
        for (Planned p : runs) {
            i++;
            Path dir = out.resolve(p.name());
            if (Files.exists(dir.resolve("summary.json"))) {
                log.println("[" + i + "/" + runs.size() + "] " + p.name() + ": complete, skipped");
                continue;
            }
            boolean resume = !RunDirectory.listCheckpoints(dir.resolve("checkpoints")).isEmpty();
            log.println("[" + i + "/" + runs.size() + "] " + p.name() + (resume ? " (resuming)" : ""));
            Simulations.train(p.config(), dir, resume, log, terminal);
        }
        if (evaluation != null) {
            i = 0;
            for (Planned p : runs) {
                i++;
                Path dir = out.resolve(p.name());
                if (Files.exists(dir.resolve(EvalResult.FILE))) {
                    log.println("[" + i + "/" + runs.size() + "] " + p.name() + ": evaluated, skipped");
                    continue;
                }
                log.println("[" + i + "/" + runs.size() + "] evaluating " + p.name());
                Evaluation.run(dir, evaluation, log);
            }
        }
        writeResults(runs, out);
        log.println("results: " + out.resolve("results.csv") + ", " + out.resolve("results.md"));
    }

    /** Tabulates the sweep's runs with {@link ResultsTable} into results.csv and results.md. */
    private static void writeResults(List<Planned> runs, Path out) throws IOException {
        List<RunFiles> read = new ArrayList<>();
        for (Planned p : runs) {
            read.add(RunFiles.read(out.resolve(p.name()), p.variant(), p.axes(), p.seed()));
        }
        ResultsTable.of(read).writeTo(out);
    }

    private static List<List<JsonNode>> product(List<List<JsonNode>> axes) {
        List<List<JsonNode>> out = new ArrayList<>();
        out.add(List.of());
        for (List<JsonNode> axis : axes) {
            List<List<JsonNode>> next = new ArrayList<>();
            for (List<JsonNode> prefix : out) {
                for (JsonNode v : axis) {
                    List<JsonNode> l = new ArrayList<>(prefix);
                    l.add(v);
                    next.add(l);
                }
            }
            out = next;
        }
        return out;
    }

    /** Deep-merges {@code over} into {@code target} (objects merge, everything else replaces). */
    static void merge(ObjectNode target, JsonNode over) {
        over.fields().forEachRemaining(e -> {
            JsonNode cur = target.get(e.getKey());
            if (cur instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** Sets a dotted key, creating objects on the way. */
    static void set(ObjectNode target, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode cur = target;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = cur.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = JsonNodeFactory.instance.objectNode();
                cur.set(parts[i], next);
            }
            cur = (ObjectNode) next;
        }
        cur.set(parts[parts.length - 1], value.deepCopy());
    }
}
