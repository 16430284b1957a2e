package org.fedsynth.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth demo}: the mission in miniature on the built-in phantom chest X-rays. Each
 * scenario is an ordinary run folder with its config saved beside it, so a user can re-run or
 * change any of them with {@code fedsynth train}. A killed demo resumes where it stopped.
 */
public final class Demo {

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
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("vanilla", "FedAvg, no attack", base + "strategy:\n  name: fedavg\n"));
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
            boolean resume = Files.exists(dir.resolve("checkpoints")) && hasCheckpoint(dir);
            log.println("== " + sc.name() + ": " + sc.title() + (resume ? " (resuming)" : ""));
            Simulations.train(cfg, dir, resume, log, terminal);
        }
        log.println();
        log.println("Demo finished. Sample grids: " + out + "/<scenario>/samples/, metrics: " + out + "/<scenario>/metrics.jsonl");
    }

    private static boolean hasCheckpoint(Path dir) throws IOException {
        try (var s = Files.list(dir.resolve("checkpoints"))) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"));
        }
    }
}
