package org.fedsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.fl.strategy.StrategySection;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.run.RunSummary;

/**
 * A finished (or interrupted) run folder, read once and never written: its resolved config,
 * {@code run.json}, the records of {@code metrics.jsonl}, the detection summary recomputed from them
 * with {@link RunSummary#compute}, the optional {@code eval.json} of {@code fedsynth evaluate}, and
 * its newest sample grid.
 *
 * @param dir the run folder
 * @param name the folder name, e.g. {@code feddetect__seed7}
 * @param variant the run's name without its seed part, e.g. {@code feddetect}
 * @param axes swept settings from the name or the sweep plan ({@code key -> value}), in order
 * @param seed the root seed
 * @param config the resolved config as a tree (read as plain YAML, so runs of older versions still load)
 * @param dataset a label for the data: {@code format:path}, or {@code phantom:<kind>}
 * @param strategy the strategy name
 * @param warmup the detector warm-up (rounds before flags may take effect; 0 for non-detecting strategies)
 * @param malicious ground-truth malicious clients
 * @param classNames class names in label order
 * @param clients the {@code "client"} records of {@code metrics.jsonl}
 * @param rounds the {@code "round"} records of {@code metrics.jsonl}
 * @param summary the detection summary (see {@link RunSummary#compute})
 * @param eval the parsed {@code eval.json}, or empty when the run was not evaluated
 * @param lastGrid the newest {@code samples/round-NNNN.png}, or empty
 */
public record RunFiles(Path dir, String name, String variant, Map<String, String> axes, long seed, JsonNode config,
        String dataset, String strategy, int warmup, Set<Integer> malicious, List<String> classNames,
        List<JsonNode> clients, List<JsonNode> rounds, ObjectNode summary, Optional<JsonNode> eval,
        Optional<Path> lastGrid) {

    /** The files that make a folder a run folder. */
    public static final List<String> REQUIRED = List.of(RunDirectory.CONFIG_FILE, "metrics.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GRID = Pattern.compile("round-(\\d+)\\.png");

    /** Defensive copies. */
    public RunFiles {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        malicious = java.util.Collections.unmodifiableSet(new TreeSet<>(malicious));
        classNames = List.copyOf(classNames);
        clients = List.copyOf(clients);
        rounds = List.copyOf(rounds);
    }

    /** Whether {@code dir} holds the files of a run ({@link #REQUIRED}). */
    public static boolean isRun(Path dir) {
        return Files.isDirectory(dir) && REQUIRED.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /**
     * Expands {@code --runs} arguments: a run folder stays itself; a sweep folder (no run files of its
     * own, run folders inside) becomes its runs in name order. Duplicates are dropped.
     *
     * @throws ConfigException when the list is empty, a path does not exist, or a folder is neither
     */
    public static List<Path> expand(List<Path> args) throws IOException {
        if (args == null || args.isEmpty()) {
            throw new ConfigException("--runs: no run folders given; pass run folders or sweep folders");
        }
        Set<Path> out = new LinkedHashSet<>();
        for (Path a : args) {
            if (!Files.exists(a)) {
                throw new ConfigException("--runs: " + a + ": no such folder");
            }
            if (!Files.isDirectory(a)) {
                throw new ConfigException("--runs: " + a + ": not a folder; pass a run folder or a sweep folder");
            }
            if (isRun(a)) {
                out.add(a.toAbsolutePath().normalize());
                continue;
            }
            List<Path> inside;
            try (Stream<Path> s = Files.list(a)) {
                inside = s.filter(RunFiles::isRun).sorted().toList();
            }
            if (inside.isEmpty()) {
                List<String> missing = REQUIRED.stream().filter(f -> !Files.isRegularFile(a.resolve(f))).toList();
                throw new ConfigException("--runs: " + a + " is not a run folder (expected " + String.join(" and ",
                        missing.stream().map(f -> a.resolve(f).toString()).toList())
                        + ") nor a sweep folder with run folders inside");
            }
            inside.forEach(p -> out.add(p.toAbsolutePath().normalize()));
        }
        return List.copyOf(out);
    }

    /** Reads a run, taking variant, axes and seed from its folder name ({@link RunName#parse}). */
    public static RunFiles read(Path dir) throws IOException {
        RunName name = RunName.parse(dir.toAbsolutePath().normalize().getFileName().toString());
        return read(dir, name.variant(), name.axes(), name.seed());
    }

    /**
     * Reads a run whose variant and axes are known (a sweep's plan).
     *
     * @param seed the seed, or null to take it from the config
     */
    public static RunFiles read(Path dir, String variant, Map<String, String> axes, Long seed) throws IOException {
        for (String f : REQUIRED) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new ConfigException(dir + " is not a run folder: " + dir.resolve(f) + " is missing");
            }
        }
        Path cfgFile = dir.resolve(RunDirectory.CONFIG_FILE);
        JsonNode cfg;
        try {
            cfg = ConfigIO.yaml().readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new IOException(cfgFile + ": not valid YAML: " + e.getMessage(), e);
        }
        if (cfg == null || !cfg.isObject()) {
            throw new IOException(cfgFile + ": not a run config (expected a mapping)");
        }
        JsonNode runJson = JSON.createObjectNode();
        Path runFile = dir.resolve("run.json");
        if (Files.isRegularFile(runFile)) {
            runJson = JSON.readTree(runFile.toFile());
        }
        Set<Integer> malicious = new TreeSet<>();
        JsonNode mal = runJson.has("malicious") ? runJson.get("malicious") : cfg.path("attack").path("malicious");
        mal.forEach(m -> malicious.add(m.asInt()));
        List<String> classNames = new ArrayList<>();
        runJson.path("class_names").forEach(c -> classNames.add(c.asText()));
        String strategy = cfg.path("strategy").path("name").asText("fedavg");
        int warmup;
        try {
            warmup = cfg.has("strategy") ? StrategySection.bind(cfg.get("strategy")).detectionWarmup() : 0;
        } catch (IllegalArgumentException e) {
            throw new IOException(cfgFile + ": " + e.getMessage(), e);
        }
        List<JsonNode> records;
        try {
            records = MetricsLog.readAll(dir.resolve("metrics.jsonl"));
        } catch (IOException e) {
            throw new IOException(dir.resolve("metrics.jsonl") + ": unreadable: " + e.getMessage(), e);
        }
        List<JsonNode> clients = records.stream().filter(r -> "client".equals(r.path("type").asText())).toList();
        List<JsonNode> rounds = records.stream().filter(r -> "round".equals(r.path("type").asText())).toList();
        ObjectNode summary = RunSummary.compute(records, malicious, warmup);
        Optional<JsonNode> eval = Optional.empty();
        Path evalFile = dir.resolve("eval.json");
        if (Files.isRegularFile(evalFile)) {
            try {
                eval = Optional.of(JSON.readTree(evalFile.toFile()));
            } catch (IOException e) {
                throw new IOException(evalFile + ": not valid JSON: " + e.getMessage(), e);
            }
        }
        long s = seed != null ? seed : cfg.path("seed").asLong();
        return new RunFiles(dir, dir.toAbsolutePath().normalize().getFileName().toString(), variant, axes, s, cfg,
                datasetOf(cfg), strategy, warmup, malicious, classNames, clients, rounds, summary, eval,
                newestGrid(dir.resolve("samples")));
    }

    /** The data label of a config: {@code phantom:<kind>} or {@code <format>:<path>}. */
    static String datasetOf(JsonNode cfg) {
        JsonNode d = cfg.path("data");
        String format = d.path("format").asText("phantom");
        if (format.equals("phantom")) {
            return "phantom:" + d.path("phantom_kind").asText("cxr");
        }
        return format + ":" + d.path("path").asText("?");
    }

    private static Optional<Path> newestGrid(Path samples) throws IOException {
        if (!Files.isDirectory(samples)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(samples)) {
            return s.filter(p -> GRID.matcher(p.getFileName().toString()).matches())
                    .max((a, b) -> Integer.compare(gridRound(a), gridRound(b)));
        }
    }

    private static int gridRound(Path p) {
        Matcher m = GRID.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The config without its seed: runs with equal keys differ only by seed. */
    public String groupKey() {
        ObjectNode c = ((ObjectNode) config).deepCopy();
        c.remove("seed");
        return c.toString();
    }

    /** Whether the run has an attack (any malicious client). */
    public boolean attacked() {
        return !malicious.isEmpty();
    }

    /**
     * The row order of the paper's Tables 3 and 4: 0 honest FedAvg (vanilla), 1 attacked FedAvg with no
     * defense, 2 attacked with a robust aggregator or clipping, 3 attacked with FedDetect, 4 honest runs
     * with a defense (false-positive controls).
     */
    public int rank() {
        boolean plain = strategy.equals("fedavg") && !config.path("strategy").has("clip_bound");
        if (!attacked()) {
            return plain ? 0 : 4;
        }
        if (plain) {
            return 1;
        }
        return strategy.equals("feddetect") ? 3 : 2;
    }

    /** Mean {@code trigger_score} of the last five measured rounds (NaN if never measured); falls back to eval.json. */
    public double triggerScore() {
        double m = tailMean("trigger_score");
        if (Double.isNaN(m) && eval.isPresent() && eval.get().path("trigger_score").isNumber()) {
            return eval.get().path("trigger_score").asDouble();
        }
        return m;
    }

    /** Mean of a round-record field over the last five rounds that have it (NaN if none). */
    public double tailMean(String field) {
        List<Double> v = rounds.stream().filter(r -> r.path(field).isNumber()).map(r -> r.get(field).asDouble()).toList();
        return v.subList(Math.max(0, v.size() - 5), v.size()).stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
    }

    /** The last round with client records (0 if none). */
    public int lastRound() {
        return clients.stream().mapToInt(r -> r.path("round").asInt()).max().orElse(0);
    }

    /** The client ids present in the records, ascending. */
    public List<Integer> clientIds() {
        return clients.stream().map(r -> r.path("client").asInt()).distinct().sorted().toList();
    }

    /** A one-line description of the attack, or empty for an honest federation. */
    public Optional<String> attackNote() {
        if (malicious.isEmpty()) {
            return Optional.empty();
        }
        JsonNode t = config.path("attack").path("trigger");
        String trig = t.isMissingNode() ? "" : ": " + t.path("type").asText("pattern") + " trigger, size "
                + t.path("size").asText("?");
        return Optional.of("malicious client" + (malicious.size() > 1 ? "s " : " ") + malicious.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") + trig);
    }

    /** Short description of the aggregation, e.g. {@code feddetect (warm-up 5)} or {@code fedavg + clipping}. */
    public String strategyNote() {
        JsonNode s = config.path("strategy");
        StringBuilder b = new StringBuilder(strategy);
        if (strategy.equals("feddetect")) {
            b.append(" (warm-up ").append(warmup);
            if (s.has("features")) {
                List<String> f = new ArrayList<>();
                s.get("features").forEach(x -> f.add(x.asText()));
                b.append(", ").append(String.join("+", f));
            }
            b.append(')');
        }
        if (s.has("clip_bound")) {
            b.append(" + clipping ").append(s.get("clip_bound").asText());
        }
        String loss = config.path("training").path("loss").asText("bce");
        if (!loss.equals("bce")) {
            b.append(", ").append(loss).append(" loss");
        }
        return b.toString();
    }
}
