package org.fedsynth.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
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
        s.add(new Scenario("feddetect", "the same attack; the server runs FedDetect (update-distance detector)",
                base + trigger.formatted("[0]")
                        + "strategy:\n  name: feddetect\n  warmup: 5\n  features: [update_distance]\n  decay: 0.8\n"));
        return s;
    }

    /** Runs every scenario into {@code out/<name>}, skipping finished ones. */
    public static void run(Path out, int rounds, PrintStream log, boolean terminal) throws IOException {
        Files.createDirectories(out);
        for (Scenario sc : scenarios(rounds)) {
            Path dir = out.resolve(sc.name());
            Path cfgFile = out.resolve(sc.name() + ".yaml");
            AtomicFiles.writeString(cfgFile, sc.yaml());
            RunConfig cfg = ConfigIO.read(cfgFile);
            if (Files.exists(dir.resolve("summary.json"))) {
                log.println("== " + sc.name() + ": already complete in " + dir);
                continue;
            }
            boolean resume = !RunDirectory.listCheckpoints(dir.resolve("checkpoints")).isEmpty();
            log.println("== " + sc.name() + ": " + sc.title() + (resume ? " (resuming)" : ""));
            Simulations.train(cfg, dir, resume, log, terminal);
        }
        log.println();
        log.println("Demo finished in " + out + " (each scenario's samples/, metrics.jsonl, summary.json).");
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
        return List.of(
                String.format("1. Attack: trigger_score of the global generator's samples (mean of the last 5 rounds) %.2f without attack, %.2f with"
                        + " client 0 poisoned (samples: %s).", vanilla, attacked, out.resolve("attack/samples")),
                String.format("2. FedDetect flagged the malicious client in %.0f%% of rounds after warm-up, benign clients"
                        + " in %.0f%%; the malicious client's final weight share is %.1f%%.",
                        100 * det.path("tpr").asDouble(), 100 * det.path("fpr").asDouble(),
                        100 * det.path("malicious_final_weight_share").asDouble()),
                String.format("3. With FedDetect the trigger_score is %.2f (vanilla %.2f): compare %s with %s.",
                        defended, vanilla, out.resolve("feddetect/samples"), out.resolve("vanilla/samples")));
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
