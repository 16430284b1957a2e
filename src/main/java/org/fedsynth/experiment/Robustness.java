package org.fedsynth.experiment;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.fedsynth.report.RobustnessMatrix;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth robustness}: the matrix of attacks by defenses. A grid file has
 * <pre>
 * base:        a run config (the common part; its attack section, if any, is the default of every attack row)
 * federations: name -> overrides (clients, partition, which clients attack), optional (default one, "fed")
 * attacks:     name -> attack section (merged over base's and the federation's; "none" is added: no attackers)
 * defenses:    name -> strategy section (each replaces base's strategy)
 * seeds:       root seeds (default [42])
 * evaluate:    evaluate options as in a sweep (default {utility: false, privacy: false})
 * </pre>
 * Every cell federation x attack x defense x seed is an ordinary run folder
 * {@code OUT/<federation>__<attack>__<defense>__seed<S>}, trained and evaluated like a sweep's (finished runs
 * are skipped, interrupted ones resumed). A combination the run refuses (a strategy's assumption broken by the
 * number of attackers, DBA with one attacker) is not an error of the grid: its reason is kept in the run
 * folder's {@code refused.txt} and the cell shows it (a later invocation asks again, which costs only the data
 * loading). A cell whose training diverges keeps the message in {@code failed.txt} and shows "failed"; it is
 * not retried until its folder is deleted. FD is compared with the vanilla run of the same
 * federation and seed (no attack, the {@code fedavg} defense; one is added when the grid lists none).
 * The tables and heat maps are written by {@link RobustnessMatrix}.
 */
public final class Robustness {

    /** The file a refused cell leaves in its run folder. */
    public static final String REFUSED = "refused.txt";
    /** The file a cell whose training failed (diverged) leaves in its run folder; the cell is not retried. */
    public static final String FAILED = "failed.txt";
    /** The name of the no-attack row. */
    public static final String NONE = "none";
    /** The vanilla defense: plain FedAvg. */
    public static final String VANILLA = "fedavg";

    private Robustness() {}

    /** One planned cell. */
    public record Cell(String name, String federation, String attack, String defense, long seed, RunConfig config,
            boolean extra) {}

    /** Expands a grid file into cells, validating every config. */
    public static List<Cell> plan(Path gridFile) {
        JsonNode grid = ConfigIO.readTree(gridFile, "robustness grid file");
        require(grid != null && grid.isObject(), gridFile, "a robustness grid must be a mapping with base, federations,"
                + " attacks, defenses, seeds, evaluate");
        List<String> keys = List.of("base", "federations", "attacks", "defenses", "seeds", "evaluate");
        for (Iterator<String> it = grid.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            require(keys.contains(k), gridFile, "unknown key '" + k + "'; allowed keys: " + String.join(", ", keys));
        }
        ObjectNode base = grid.has("base") && grid.get("base").isObject() ? (ObjectNode) grid.get("base")
                : JsonNodeFactory.instance.objectNode();
        Map<String, JsonNode> feds = named(grid, "federations", gridFile, false);
        if (feds.isEmpty()) {
            feds.put("fed", JsonNodeFactory.instance.objectNode());
        }
        Map<String, JsonNode> attacks = new LinkedHashMap<>();
        ObjectNode none = JsonNodeFactory.instance.objectNode();
        none.putArray("malicious");
        attacks.put(NONE, none);
        Map<String, JsonNode> listed = named(grid, "attacks", gridFile, true);
        require(!listed.containsKey(NONE) || listed.get(NONE).isEmpty(), gridFile,
                "attacks.none is the no-attack row, added for you; give your attack another name");
        listed.remove(NONE);
        attacks.putAll(listed);
        Map<String, JsonNode> defenses = named(grid, "defenses", gridFile, true);
        for (Map.Entry<String, JsonNode> d : defenses.entrySet()) {
            require(d.getValue().has("name"), gridFile, "defenses." + d.getKey() + " must be a strategy section with a name,"
                    + " e.g. {name: median}");
        }
        boolean hasVanilla = defenses.containsKey(VANILLA) && defenses.get(VANILLA).path("name").asText().equals("fedavg")
                && defenses.get(VANILLA).size() == 1;
        List<Long> seeds = new ArrayList<>();
        if (grid.has("seeds")) {
            require(grid.get("seeds").isArray() && !grid.get("seeds").isEmpty(), gridFile, "seeds must be a non-empty list");
            for (JsonNode s : grid.get("seeds")) {
                require(s.isIntegralNumber(), gridFile, "seeds must be integers, found " + s);
                seeds.add(s.asLong());
            }
        } else {
            seeds.add(42L);
        }
        List<Cell> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : feds.entrySet()) {
            for (long seed : seeds) {
                for (Map.Entry<String, JsonNode> a : attacks.entrySet()) {
                    for (Map.Entry<String, JsonNode> d : defenses.entrySet()) {
                        out.add(cell(gridFile, base, f, a, d.getKey(), d.getValue(), seed, false));
                    }
                }
                if (!hasVanilla) {
                    ObjectNode fedavg = JsonNodeFactory.instance.objectNode().put("name", "fedavg");
                    out.add(cell(gridFile, base, f, Map.entry(NONE, none), VANILLA, fedavg, seed, true));
                }
            }
        }
        return out;
    }

    private static Cell cell(Path gridFile, ObjectNode base, Map.Entry<String, JsonNode> fed,
            Map.Entry<String, JsonNode> attack, String defenseName, JsonNode defense, long seed, boolean extra) {
        ObjectNode cfg = base.deepCopy();
        Sweep.merge(cfg, fed.getValue());
        ObjectNode attackSection = cfg.get("attack") instanceof ObjectNode o ? o : cfg.putObject("attack");
        Sweep.merge(attackSection, attack.getValue());
        cfg.set("strategy", defense.deepCopy());
        cfg.put("seed", seed);
        String name = fed.getKey() + "__" + attack.getKey() + "__" + defenseName + "__seed" + seed;
        RunConfig rc = ConfigIO.fromTree(cfg, gridFile + " [" + name + "]");
        try {
            RunParts.check(rc); // strategy and attack are bound at run time; a typo must fail the grid, not the cell
        } catch (ConfigException e) {
            throw new ConfigException(gridFile + " [" + name + "]: " + e.getMessage(), e);
        }
        return new Cell(name, fed.getKey(), attack.getKey(), defenseName, seed, rc, extra);
    }

    private static Map<String, JsonNode> named(JsonNode grid, String key, Path gridFile, boolean required) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode n = grid.get(key);
        if (n == null || n.isNull()) {
            require(!required, gridFile, key + " is required: a mapping of name -> section");
            return out;
        }
        require(n.isObject() && !n.isEmpty(), gridFile, key + " must be a non-empty mapping of name -> section");
        n.fields().forEachRemaining(e -> {
            require(e.getKey().matches("[A-Za-z0-9.-]+|[A-Za-z0-9.-]+(_[A-Za-z0-9.-]+)*"), gridFile,
                    key + " names may use letters, digits, single _ . - only (__ separates the parts of a run name), found '"
                            + e.getKey() + "'");
            require(e.getValue().isObject(), gridFile, key + "." + e.getKey() + " must be a mapping");
            out.put(e.getKey(), e.getValue());
        });
        return out;
    }

    private static void require(boolean ok, Path gridFile, String message) {
        if (!ok) {
            throw new ConfigException(gridFile + ": " + message);
        }
    }

    /** The grid's evaluate options (default: no utility, no privacy: the matrix needs FD and the backdoor). */
    static EvalOptions evaluation(Path gridFile) throws IOException {
        JsonNode grid = ConfigIO.readTree(gridFile, "robustness grid file");
        if (!grid.has("evaluate")) {
            return EvalOptions.defaults().withUtility(false, EvalOptions.defaults().utilityNs(), EvalOptions.defaults().utilityM(),
                    EvalOptions.defaults().utilitySeeds(), EvalOptions.defaults().utilitySteps()).withPrivacy(false);
        }
        EvalOptions o = Sweep.evaluation(gridFile);
        if (o == null) {
            throw new ConfigException(gridFile + ": evaluate cannot be false in a robustness grid (the matrix needs FD and"
                    + " the backdoor rate)");
        }
        return o;
    }

    /** The folder in a vanilla run with its backdoor rate under each attack's trigger classifier. */
    public static final String REFERENCE_DIR = "backdoor-reference";

    /**
     * The false-positive floor of the backdoor measure: every no-attack run's generator (one per defense) measured
     * with each attack's trigger classifier ({@link Evaluation#backdoorUnder}, one classifier per attack), written to
     * {@code <no-attack run>/backdoor-reference/<attack>.json} ({@code rate}, {@code classifier_accuracy}); existing
     * files are kept. A cell's {@code backdoor_excess} is its rate less that of its own defense without attack.
     */
    static void references(List<Cell> cells, Path out, EvalOptions evaluation, PrintStream log, boolean onlyEvaluated)
            throws IOException {
        Map<String, Cell> attacks = new LinkedHashMap<>(); // federation#seed#attack -> a cell with that attack
        for (Cell c : cells) {
            if (!c.attack().equals(NONE)) {
                attacks.putIfAbsent(c.federation() + "#" + c.seed() + "#" + c.attack(), c);
            }
        }
        for (Cell a : attacks.values()) {
            List<Path> todo = new ArrayList<>();
            for (Cell v : cells) {
                Path vdir = out.resolve(v.name());
                if (v.attack().equals(NONE) && v.federation().equals(a.federation()) && v.seed() == a.seed()
                        && Files.exists(vdir.resolve(onlyEvaluated ? EvalResult.FILE : "summary.json"))
                        && !Files.exists(vdir.resolve(REFERENCE_DIR).resolve(a.attack() + ".json"))) {
                    todo.add(vdir);
                }
            }
            if (todo.isEmpty()) {
                continue;
            }
            log.println(a.federation() + ", seed " + a.seed() + ": the backdoor measure of attack " + a.attack() + " on "
                    + todo.size() + " generators without attack");
            var results = Evaluation.backdoorUnder(todo, RunParts.attack(a.config()).trigger(), evaluation, log);
            for (int i = 0; i < todo.size(); i++) {
                Path ref = todo.get(i).resolve(REFERENCE_DIR).resolve(a.attack() + ".json");
                Files.createDirectories(ref.getParent());
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("rate", results.get(i).rate());
                o.put("classifier_accuracy", results.get(i).accuracy());
                AtomicFiles.writeString(ref, o.toPrettyString() + "\n");
            }
        }
    }

    /** Trains and evaluates every cell not yet done, then writes the matrix. */
    public static RobustnessMatrix run(Path gridFile, Path out, PrintStream log, boolean terminal) throws IOException {
        return run(gridFile, out, log, terminal, false);
    }

    /**
     * As {@link #run(Path, Path, PrintStream, boolean)}; with {@code tabulateOnly} nothing is trained or evaluated:
     * the matrix of the cells done so far is written (the others show "–"), for a look at a matrix still running.
     */
    public static RobustnessMatrix run(Path gridFile, Path out, PrintStream log, boolean terminal, boolean tabulateOnly)
            throws IOException {
        List<Cell> cells = plan(gridFile);
        EvalOptions evaluation = evaluation(gridFile);
        Files.createDirectories(out);
        int i = 0;
        for (Cell c : tabulateOnly ? List.<Cell>of() : cells) {
            i++;
            Path dir = out.resolve(c.name());
            String head = "[" + i + "/" + cells.size() + "] " + c.name();
            if (Files.exists(dir.resolve(FAILED))) {
                log.println(head + ": failed before, skipped (" + Files.readString(dir.resolve(FAILED)).strip()
                        + "); delete the folder to try again");
                continue;
            }
            if (!Files.exists(dir.resolve("summary.json"))) {
                Files.deleteIfExists(dir.resolve(REFUSED)); // asked again: the grid or the code may have changed
                boolean resume = !RunDirectory.listCheckpoints(dir.resolve("checkpoints")).isEmpty();
                log.println(head + (resume ? " (resuming)" : ""));
                try {
                    Simulations.train(c.config(), dir, resume, log, terminal);
                } catch (ConfigException e) {
                    Files.createDirectories(dir);
                    AtomicFiles.writeString(dir.resolve(REFUSED), e.getMessage() + "\n");
                    log.println(head + ": REFUSED: " + e.getMessage());
                    continue;
                } catch (IllegalStateException e) {
                    // a diverged run (NaN losses) is a finding of the cell, not the end of the matrix
                    AtomicFiles.writeString(dir.resolve(FAILED), e.getMessage() + "\n");
                    log.println(head + ": FAILED: " + e.getMessage());
                    continue;
                }
            }
            if (!Files.exists(dir.resolve(EvalResult.FILE))) {
                log.println(head + ": evaluating");
                Evaluation.run(dir, evaluation, log);
            }
        }
        references(cells, out, evaluation, log, tabulateOnly);
        RobustnessMatrix m = RobustnessMatrix.read(cells, out);
        m.writeTo(out);
        log.println("robustness matrix: " + out.resolve(RobustnessMatrix.MARKDOWN) + ", " + out.resolve(RobustnessMatrix.HTML));
        return m;
    }
}
