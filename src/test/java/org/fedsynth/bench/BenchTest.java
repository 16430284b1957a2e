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
        assertEquals(List.of("sgemm", "step64", "step32", "recipes", "round", "aggregate", "defense", "memory", "growth", "scale",
                "contention", "throughput", "dicom"), Bench.WORKLOADS);
        assertEquals(1.5, ctx.find("step32").path("median_ms").asDouble());
        assertNull(ctx.find("step64"));
    }

    @Test
    void thePyTorchReferenceIsComparedToTheSameRunsSteps(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path python = dir.resolve("fake-python");
        java.nio.file.Files.writeString(python, """
                #!/bin/sh
                # reads the script from stdin as python would, checks the arguments, prints the reference's figures
                cat > /dev/null
                [ "$1" = "-" ] && [ "$2" = "--threads" ] || exit 3
                echo "not json: a warning line"
                echo '{"figure": "step32", "impl": "fake", "threads": 2, "median_ms": 200.0, "min_ms": 120.0}'
                echo '{"figure": "step64", "impl": "fake", "threads": 2, "median_ms": 900.0, "min_ms": 800.0}'
                """);
        assertTrue(python.toFile().setExecutable(true));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        BenchContext ctx = new BenchContext(true, dir, new PrintStream(printed, true));
        ctx.emit(ctx.figure("step32").put("median_ms", 100.0).put("min_ms", 90.0));

        PyTorchReference.run(ctx, python.toString());

        var ref32 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(printed.toString().lines().toList().get(1));
        assertEquals("pytorch", ref32.path("figure").asText());
        assertEquals("step32", ref32.path("step").asText());
        assertEquals(0.5, ref32.path("ratio").asDouble(), 1e-12, "FedSynth median / PyTorch median");
        assertEquals(0.75, ref32.path("ratio_min").asDouble(), 1e-12);
        var ref64 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(printed.toString().lines().toList().get(2));
        assertFalse(ref64.has("ratio"), "no FedSynth step64 in this run: no ratio");
        assertEquals(900.0, ref64.path("median_ms").asDouble());
    }

    @Test
    void aMissingOrFailingPythonIsAClearError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        BenchContext ctx = new BenchContext(true, dir, new PrintStream(PrintStream.nullOutputStream()));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> PyTorchReference.run(ctx, dir.resolve("no-such-python").toString()));
        assertTrue(missing.getMessage().contains("--pytorch") && missing.getMessage().contains("python3-torch"), missing.getMessage());
        Path failing = dir.resolve("failing-python");
        java.nio.file.Files.writeString(failing, "#!/bin/sh\ncat > /dev/null\necho 'ModuleNotFoundError: torch' >&2\nexit 1\n");
        assertTrue(failing.toFile().setExecutable(true));
        ConfigException failed = assertThrows(ConfigException.class, () -> PyTorchReference.run(ctx, failing.toString()));
        assertTrue(failed.getMessage().contains("status 1"), failed.getMessage());
    }

    @Test
    void contentionIsMeasuredAgainstACompetitorTheBenchStartsAndStops(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        BenchContext ctx = new BenchContext(true, dir, new PrintStream(printed, true));

        new ContentionWorkload().run(ctx);

        var figs = printed.toString().lines().map(l -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(List.of("spin", "engine", "spin"), figs.stream().map(f -> f.path("competitor").asText()).toList());
        var sim = figs.get(2);
        assertEquals("simulation", sim.path("what").asText());
        assertTrue(sim.path("idle_s_per_round").asDouble() > 0 && sim.path("contended_s_per_round").asDouble() > 0, sim.toString());
        int cores = Runtime.getRuntime().availableProcessors();
        for (var f : figs.subList(0, 2)) {
            assertTrue(f.path("idle_ms").asDouble() > 0 && f.path("contended_ms").asDouble() > 0, f.toString());
            assertEquals(f.path("contended_ms").asDouble() / f.path("idle_ms").asDouble(), f.path("slowdown").asDouble(), 1e-9);
            if (org.fedsynth.gan.EngineThreads.loadVisible() && cores >= 2 && f.path("threads_max").asInt() >= 2) {
                assertTrue(f.path("threads_fitted").asInt() < f.path("threads_max").asInt() || cores > 2,
                        "a competitor on one of 2 cores leaves one thread: " + f);
            }
        }
        // the competitors are gone: no child process of this JVM is left running
        Thread.sleep(200);
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
    }

    @Test
    void theDicomLoadIsMeasuredColdThenFromTheCacheAndCleanedUp(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        BenchContext ctx = new BenchContext(true, dir, new PrintStream(PrintStream.nullOutputStream()));
        new DicomLoadWorkload().run(ctx);
        var f = ctx.find("dicom_load");
        assertEquals(200, f.path("files").asInt());
        assertEquals(200, f.path("decoded").asInt(), "cold: every file decoded");
        assertEquals(200, f.path("warm_from_cache").asInt(), "warm: every file from the cache");
        assertEquals(200, f.path("images").asInt());
        assertTrue(f.path("cold_s").asDouble() > 0 && f.path("warm_s").asDouble() > 0);
        try (var left = java.nio.file.Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("dicom-load")), "the folder is deleted");
        }
    }
}
