package org.fedsynth.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;

class BenchTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Timing.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timing.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void unknownWorkloadIsRejectedWithTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Bench.run(true, Set.of("stepp64"), Path.of("target"), new PrintStream(PrintStream.nullOutputStream())));
        assertTrue(e.getMessage().contains("step64"), e.getMessage());
    }

    @Test
    void theMinimumAndElapsedTimeOfTimings() {
        assertEquals(1.0, Timing.min(new double[] {3, 1, 2}));
        assertTrue(Timing.msSince(System.nanoTime() - 5_000_000) >= 5.0);
    }

    @Test
    void theContextCollectsPrintsAndWritesFigures(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        BenchContext ctx = new BenchContext(true, dir, new PrintStream(printed, true));
        var env = ctx.emit(ctx.figure("environment").put("quick", true));
        ctx.emit(ctx.figure("step32").put("median_ms", 1.5));

        var all = ctx.writeBenchJson(env);

        assertEquals(2, ctx.reps());
        assertEquals(1, ctx.warmup());
        assertEquals(List.of("{\"figure\":\"environment\",\"quick\":true}", "{\"figure\":\"step32\",\"median_ms\":1.5}"),
                printed.toString().lines().toList());
        var back = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertEquals(all, back);
        assertEquals("environment", back.path("environment").path("figure").asText());
        assertEquals(List.of("environment", "step32"),
                java.util.stream.StreamSupport.stream(back.path("figures").spliterator(), false).map(f -> f.path("figure").asText()).toList());
        assertEquals(List.of("step64", "step32", "recipes", "round", "aggregate", "memory", "growth", "scale"), Bench.WORKLOADS);
    }
}
