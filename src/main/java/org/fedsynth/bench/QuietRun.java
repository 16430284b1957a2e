package org.fedsynth.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.fl.sim.Simulations;

/** A whole simulated run for the memory and scale workloads, in a cleared folder, with no console output. */
final class QuietRun {

    private QuietRun() {}

    /** Trains the configuration {@code yaml} into {@code runDir} (see {@link #clear}), printing nothing. */
    static void train(String yaml, String origin, Path runDir) throws IOException {
        Simulations.train(ConfigIO.parse(yaml, origin), runDir, false, new PrintStream(OutputStream.nullOutputStream()), false);
    }

    /** Deletes the run folder {@code p} of an earlier bench, if there is one. */
    static void clear(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
