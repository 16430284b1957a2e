package org.fedsynth.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.eval.pipeline.EvalOptions;
import org.fedsynth.eval.pipeline.EvalPrivacy;
import org.fedsynth.eval.pipeline.EvalResult;
import org.fedsynth.eval.pipeline.Evaluation;
import org.fedsynth.eval.utility.UtilityStudy;
import org.fedsynth.report.Report;
import org.fedsynth.report.RunFigures;
import org.fedsynth.report.RunFiles;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth demo}: the mission in miniature on the built-in phantom chest X-rays. Each
 * scenario is an ordinary run folder with its config saved beside it, so a user can re-run or
 * change any of them with {@code fedsynth train}. A killed demo resumes where it stopped.
 */
public final class Demo {

    /** Real images per class of the utility figure the summary quotes. */
    private static final int UTILITY_N = 10;

    private Demo() {}

    /**
     * The FedDetect configuration the project ships (see docs/results/DEFENSES.md): the output-space
     * detector with memory, upper tail and a ratio test, warm-up 1, decay 0.8.
     */
    public static final String FEDDETECT = "{name: feddetect, preset: recommended}";


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
                  base_width: 32
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
                + " coverage), privacy and utility of each generator");
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

    /**
     * The four-line summary of what the demo showed, from the figures the report tabulates
     * ({@link RunFiles} and {@link RunFigures}: the detection summary recomputed from
     * {@code metrics.jsonl}, the trigger_score of the last five rounds, FD and utility from {@code eval.json}).
     */
    static List<String> findings(Path out) throws IOException {
        Map<String, RunFiles> runs = new LinkedHashMap<>();
        Map<String, Map<String, Double>> f = new LinkedHashMap<>();
        for (String name : List.of("vanilla", "attack", "feddetect")) {
            RunFiles r = RunFiles.read(out.resolve(name));
            runs.put(name, r);
            f.put(name, RunFigures.of(r));
        }
        Map<String, Double> v = f.get("vanilla");
        Map<String, Double> a = f.get("attack");
        Map<String, Double> d = f.get("feddetect");
        return List.of(
                String.format(Locale.ROOT, "1. Attack: one poisoned client of 4 raises the published generator's trigger_score from %.2f"
                        + " to %.2f and its FD to the real test images from %.1f to %.1f.",
                        v.get("trigger_score"), a.get("trigger_score"), v.get("fd"), a.get("fd")),
                String.format(Locale.ROOT, "2. FedDetect flagged the malicious client in %.0f%% of rounds after warm-up and benign"
                        + " clients in %.0f%%; the malicious client's final weight share is %.1f%%.",
                        100 * d.get("tpr"), 100 * d.get("fpr"), 100 * d.get("malicious_weight")),
                String.format(Locale.ROOT, "3. Defended: trigger_score %.2f and FD %.1f (vanilla %.2f and %.1f); utility: %s.",
                        d.get("trigger_score"), d.get("fd"), v.get("trigger_score"), v.get("fd"), utility(runs)),
                String.format(Locale.ROOT, "4. Privacy (vanilla): generated images are %.2f times as far from the nearest"
                        + " training image as held-out real ones are (about 1: no copying), and a membership-inference attack"
                        + " scores AUC %.2f (0.5: no leak; most exposed client %.2f); see vanilla/%s.",
                        v.get("dcr_ratio_pixel"), v.get("membership_auc"), v.get("membership_auc_max_client"),
                        EvalPrivacy.STRIP));
    }

    /** Accuracy of a classifier on 10 real images per class, alone and plus each run's synthetic images. */
    private static String utility(Map<String, RunFiles> runs) {
        double realOnly = Double.NaN;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, RunFiles> e : runs.entrySet()) {
            if (e.getValue().eval().isEmpty()) {
                continue;
            }
            double real = RunFigures.utilityAccuracy(e.getValue(), UTILITY_N, false);
            realOnly = Double.isNaN(real) ? realOnly : real;
            double syn = RunFigures.utilityAccuracy(e.getValue(), UTILITY_N, true);
            if (!Double.isNaN(syn)) {
                parts.add(String.format(Locale.ROOT, "+%s %.2f", e.getKey(), syn));
            }
        }
        return String.format(Locale.ROOT, "accuracy with %d real images per class: real only %.2f, ", UTILITY_N, realOnly)
                + String.join(", ", parts);
    }
}
