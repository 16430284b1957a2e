package org.fedsynth.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.eval.pipeline.EvalOptions;
import org.fedsynth.eval.pipeline.EvalResult;
import org.fedsynth.eval.pipeline.Evaluation;
import org.fedsynth.eval.utility.UtilityStudy;
import org.fedsynth.report.Report;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth demo}: the mission in miniature on the built-in phantom chest X-rays. Each
 * scenario is an ordinary run folder with its config saved beside it, so a user can re-run or
 * change any of them with {@code fedsynth train}. A killed demo resumes where it stopped.
 */
public final class Demo {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Demo() {}

    /**
     * The FedDetect configuration the project ships (see docs/results/DEFENSES.md): the output-space
     * detector with memory, upper tail and a ratio test, warm-up 1, decay 0.8.
     */
    public static final String FEDDETECT = "{name: feddetect, warmup: 1, features: [output_deviation], tail: upper,"
            + " memory: 0.5, min_ratio: 2.5, decay: 0.8}";


    /** The demo's evaluation: fidelity on 1000 samples, a lighter utility study (3 sizes, 2 seeds). */
    static EvalOptions evaluation() {
        EvalOptions d = EvalOptions.defaults();
        return d.withUtility(true, List.of(10, 50, UtilityStudy.ALL), 100, 2, d.utilitySteps());
    }

    /** One demo run: a name, what it shows, and its config. */
    public record Scenario(String name, String title, String yaml) {}

    /** The demo's scenarios for {@code rounds} rounds each. */
    public static List<Scenario> scenarios(int rounds) {
        String base = """
                seed: 7
                data:
                  format: phantom
                  phantom_kind: cxr
                  phantom_count: 800
                  resolution: 32
                federation:
                  clients: 4
                  rounds: %d
                  partition: iid
                training:
                  batch_size: 32
                  local_steps: 10
                output:
                  sample_every: 5
                """.formatted(rounds);
        String trigger = """
                attack:
                  malicious: %s
                  trigger: {type: pattern, size: 0.2, location: bottom-right}
                """;
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("vanilla", "FedAvg, no attack",
                base + trigger.formatted("[]") + "strategy:\n  name: fedavg\n"));
        s.add(new Scenario("attack", "client 0 pastes a trigger on its real images; FedAvg, no defense",
                base + trigger.formatted("[0]") + "strategy:\n  name: fedavg\n"));
        s.add(new Scenario("feddetect", "the same attack; the server runs FedDetect (output-deviation detector)",
                base + trigger.formatted("[0]") + "strategy: " + FEDDETECT + "\n"));
        return s;
    }

    /** Runs every scenario into {@code out/<name>}, skipping finished ones, then evaluates and reports. */
    public static void run(Path out, int rounds, PrintStream log, boolean terminal) throws IOException {
        Files.createDirectories(out);
        List<Scenario> scenarios = scenarios(rounds);
        int steps = scenarios.size() + 2;
        int k = 0;
        List<Path> dirs = new ArrayList<>();
        for (Scenario sc : scenarios) {
            k++;
            Path dir = out.resolve(sc.name());
            dirs.add(dir);
            Path cfgFile = out.resolve(sc.name() + ".yaml");
            AtomicFiles.writeString(cfgFile, sc.yaml());
            RunConfig cfg = ConfigIO.read(cfgFile);
            if (Files.exists(dir.resolve("summary.json"))) {
                log.println("== step " + k + "/" + steps + ", " + sc.name() + ": already complete in " + dir);
                continue;
            }
            boolean resume = !RunDirectory.listCheckpoints(dir.resolve("checkpoints")).isEmpty();
            log.println("== step " + k + "/" + steps + ", training " + sc.name() + ": " + sc.title()
                    + (resume ? " (resuming)" : ""));
            Simulations.train(cfg, dir, resume, log, terminal);
        }
        k++;
        log.println("== step " + k + "/" + steps + ", evaluating: fidelity (FD, KID, precision, recall, density,"
                + " coverage) and utility of each generator");
        for (Path dir : dirs) {
            if (Files.exists(dir.resolve(EvalResult.FILE))) {
                log.println(dir.getFileName() + ": already evaluated");
                continue;
            }
            Evaluation.run(dir, evaluation(), log);
        }
        k++;
        log.println("== step " + k + "/" + steps + ", writing the report");
        Path html = out.resolve("report.html");
        Report.write(dirs, html, new Report.Options("FedSynth demo: backdoor attack and FedDetect on phantom chest X-rays",
                "fedsynth demo --out " + out, log));
        log.println();
        log.println("Demo finished: open " + html.toAbsolutePath() + " (run folders beside it).");
        for (String line : findings(out)) {
            log.println(line);
        }
    }

    /** The three-line summary of what the demo showed, read back from the runs' files. */
    static List<String> findings(Path out) throws IOException {
        double vanilla = lastTriggerScore(out.resolve("vanilla"));
        double attacked = lastTriggerScore(out.resolve("attack"));
        double defended = lastTriggerScore(out.resolve("feddetect"));
        JsonNode det = JSON.readTree(out.resolve("feddetect/summary.json").toFile()).path("detection");
        double fdV = fd(out.resolve("vanilla"));
        double fdA = fd(out.resolve("attack"));
        double fdD = fd(out.resolve("feddetect"));
        return List.of(
                String.format(Locale.ROOT, "1. Attack: one poisoned client of 4 raises the published generator's trigger_score from %.2f"
                        + " to %.2f and its FD to the real test images from %.1f to %.1f.", vanilla, attacked, fdV, fdA),
                String.format(Locale.ROOT, "2. FedDetect flagged the malicious client in %.0f%% of rounds after warm-up and benign"
                        + " clients in %.0f%%; the malicious client's final weight share is %.1f%%.",
                        100 * det.path("tpr").asDouble(), 100 * det.path("fpr").asDouble(),
                        100 * det.path("malicious_final_weight_share").asDouble()),
                String.format(Locale.ROOT, "3. Defended: trigger_score %.2f and FD %.1f (vanilla %.2f and %.1f); utility: %s.",
                        defended, fdD, vanilla, fdV, utility(out)));
    }

    /** The overall FD from a run's eval.json ({@code NaN} when absent). */
    private static double fd(Path run) throws IOException {
        Path f = run.resolve(EvalResult.FILE);
        return Files.exists(f) ? JSON.readTree(f.toFile()).path("fidelity").path("overall").path("fd").asDouble(Double.NaN)
                : Double.NaN;
    }

    /** Accuracy of a classifier on 10 real images per class plus synthetic ones, per run. */
    private static String utility(Path out) throws IOException {
        StringBuilder sb = new StringBuilder("accuracy with 10 real images per class");
        double realOnly = Double.NaN;
        List<String> parts = new ArrayList<>();
        for (String run : List.of("vanilla", "attack", "feddetect")) {
            Path f = out.resolve(run).resolve(EvalResult.FILE);
            if (!Files.exists(f)) {
                continue;
            }
            for (JsonNode row : JSON.readTree(f.toFile()).path("utility").path("rows")) {
                if (row.path("n").asInt() == 10 && !"all".equals(row.path("n_label").asText())) {
                    if (row.path("synthetic").asBoolean()) {
                        parts.add(String.format(Locale.ROOT, "+%s %.2f", run, row.path("accuracy_mean").asDouble()));
                    } else {
                        realOnly = row.path("accuracy_mean").asDouble();
                    }
                }
            }
        }
        sb.append(String.format(Locale.ROOT, ": real only %.2f, ", realOnly)).append(String.join(", ", parts));
        return sb.toString();
    }

    /** Mean trigger_score over the last five measured rounds (single rounds are noisy). */
    private static double lastTriggerScore(Path run) throws IOException {
        List<Double> all = new ArrayList<>();
        for (JsonNode r : MetricsLog.readAll(run.resolve("metrics.jsonl"))) {
            if (r.has("trigger_score")) {
                all.add(r.get("trigger_score").asDouble());
            }
        }
        return all.subList(Math.max(0, all.size() - 5), all.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

}
