package org.fedsynth.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.util.AtomicFiles;

/**
 * The append-only, line-flushed {@code metrics.jsonl}: one JSON object per line. Client records
 * have {@code "type": "client"}, round summaries {@code "type": "round"}.
 */
public final class MetricsLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens the log for appending. When resuming after round {@code keepThroughRound}, records of
     * later rounds (from a round that was interrupted) are dropped first, atomically.
     */
    public static MetricsLog open(Path file, int keepThroughRound) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (JSON.readTree(line).path("round").asInt() <= keepThroughRound) {
                        kept.add(line);
                    }
                } catch (IOException torn) {
                    // a line torn by a crash: drop it
                }
            }
            AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        }
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** A fresh object to fill and pass to {@link #append}. */
    public static ObjectNode record(String type, int round) {
        return JSON.createObjectNode().put("type", type).put("round", round);
    }

    /**
     * Appends one record ({@link RoundRecord}, {@link ClientRecord}, or a JSON object) and flushes it
     * to the OS.
     */
    public synchronized void append(Object record) {
        try {
            out.write(JSON.writeValueAsString(record));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    /** Reads every record of a metrics file. */
    public static List<JsonNode> readAll(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
