package org.fedsynth.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process with stdout and stderr captured (shared by the CLI tests). */
final class CliRun {

    private CliRun() {}

    /** Runs {@code args}; {@code status[0]} receives the exit code; returns {stdout, stderr}. */
    static String[] run(int[] status, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        System.setOut(new PrintStream(out, true));
        try {
            status[0] = Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new String[] {out.toString(), err.toString()};
    }
}
