package org.fedsynth.run;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress for long training: an in-place bar with round, client, step, losses and ETA on a
 * terminal; plain, one-per-round log lines otherwise (CI logs, files, pipes).
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final int totalRounds;
    private final int firstRound;
    private final long start = System.nanoTime();
    private long lastDraw;

    /** Progress for rounds {@code firstRound..totalRounds}. */
    public Progress(PrintStream out, boolean terminal, int firstRound, int totalRounds) {
        this.out = out;
        this.terminal = terminal;
        this.firstRound = firstRound;
        this.totalRounds = totalRounds;
    }

    /** Whether standard output is an interactive terminal. */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /** Shows in-round progress (terminal only, at most 10 times a second). */
    public void step(int round, int client, int clients, String detail) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        out.print("\r" + bar(round - 1) + " round " + round + "/" + totalRounds + " client " + (client + 1) + "/" + clients
                + " " + detail + "   ");
        out.flush();
    }

    /** Reports a completed round. */
    public void roundDone(int round, String summary) {
        String line = "round " + round + "/" + totalRounds + " " + summary + " | elapsed " + fmt(elapsed())
                + " | ETA " + fmt(eta(round));
        if (terminal) {
            out.print("\r" + bar(round) + " " + line + "   \n");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Duration eta(int round) {
        int done = round - firstRound + 1;
        if (done <= 0) {
            return Duration.ZERO;
        }
        return elapsed().dividedBy(done).multipliedBy(Math.max(0, totalRounds - round));
    }

    private String bar(int done) {
        int width = 20;
        int filled = (int) Math.round(width * (double) done / totalRounds);
        return "[" + "#".repeat(Math.max(0, filled)) + ".".repeat(Math.max(0, width - filled)) + "]";
    }

    static String fmt(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
