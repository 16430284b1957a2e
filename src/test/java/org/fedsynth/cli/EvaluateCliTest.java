package org.fedsynth.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedsynth.eval.features.DomainEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluator train} and {@code evaluate} from the command line: outputs and exit codes. */
class EvaluateCliTest {

    private static String[] run(int[] status, String... args) {
        return CliRun.run(status, args);
    }

    @Test
    void evaluatorTrainFromDataFlagsWritesFingerprintAndPrintsEpochs(@TempDir Path tmp) {
        int[] st = new int[1];
        Path out = tmp.resolve("ev");
        String[] io = run(st, "evaluator", "train", "--format", "phantom", "--phantom-count", "64", "--epochs", "2",
                "--out", out.toString());
        assertEquals(0, st[0], io[1]);
        assertTrue(io[0].contains("epoch 1/2") && io[0].contains("epoch 2/2"), io[0]);
        assertTrue(Files.isRegularFile(out.resolve(DomainEvaluator.INFO_FILE)));
        assertTrue(Files.isRegularFile(out.resolve(DomainEvaluator.WEIGHTS_FILE)));
        // A second train into the same folder is refused rather than overwriting.
        io = run(st, "evaluator", "train", "--format", "phantom", "--out", out.toString());
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("already holds an evaluator"), io[1]);
    }

    @Test
    void evaluateOnAMissingRunExitsWith1AndBadFlagsWith2(@TempDir Path tmp) {
        int[] st = new int[1];
        String[] io = run(st, "evaluate", "--run", tmp.resolve("nope").toString());
        assertEquals(1, st[0]);
        assertTrue(io[1].contains("nope") && io[1].contains("run folder"), io[1]);
        io = run(st, "evaluate", "--run", tmp.toString(), "--utility-n", "10,lots");
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("--utility-n"), io[1]);
        io = run(st, "evaluate", "--run", tmp.toString(), "--k", "0");
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("--k"), io[1]);
    }
}
