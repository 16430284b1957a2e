package org.fedsynth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedsynth.util.AtomicFiles;

/**
 * What every workload of one {@code fedsynth bench} run shares: the mode ({@code --quick} runs
 * fewer repetitions, as a smoke test only), the output folder, and the figures, each printed as
 * one JSON line when emitted and all written to {@code bench.json} at the end.
 */
final class BenchContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean quick;
    private final Path dir;
    private final PrintStream out;
    private final ArrayNode figures = JSON.createArrayNode();
    private double peakGflops = Double.NaN;

    BenchContext(boolean quick, Path dir, PrintStream out) {
        this.quick = quick;
        this.dir = dir;
        this.out = out;
    }

    /** Whether this is a {@code --quick} run. */
    boolean quick() {
        return quick;
    }

    /** The output folder (bench.json, bench-growth.png, the simulation run folders). */
    Path dir() {
        return dir;
    }

    /** Timed repetitions per figure: 7, or 2 in quick mode. */
    int reps() {
        return quick ? 2 : 7;
    }

    /** Untimed warm-up repetitions before them: 3, or 1 in quick mode. */
    int warmup() {
        return quick ? 1 : 3;
    }

    /** Records the matrix-multiply GFLOP/s of this run ({@code sgemm}), which later figures compare to. */
    void peakGflops(double gflops) {
        this.peakGflops = gflops;
    }

    /** The matrix-multiply GFLOP/s of this run, or NaN when {@code sgemm} did not run. */
    double peakGflops() {
        return peakGflops;
    }

    /** A new figure object with its {@code figure} name set. */
    ObjectNode figure(String name) {
        return JSON.createObjectNode().put("figure", name);
    }

    /** The first figure emitted under {@code name}, or null. */
    com.fasterxml.jackson.databind.JsonNode find(String name) {
        for (var f : figures) {
            if (name.equals(f.path("figure").asText())) {
                return f;
            }
        }
        return null;
    }

    /** Records a figure and prints it as one JSON line; returns it. */
    ObjectNode emit(ObjectNode o) {
        figures.add(o);
        out.println(o.toString());
        out.flush();
        return o;
    }

    /** Writes {@code bench.json} ({@code environment} and every figure emitted, in order), atomically; returns its content. */
    ObjectNode writeBenchJson(ObjectNode environment) throws IOException {
        ObjectNode all = JSON.createObjectNode();
        all.set("environment", environment);
        all.set("figures", figures);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("bench.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        return all;
    }
}
