package org.fedsynth.eval.features;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.eval.pipeline.EvalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain evaluator on a tiny phantom dataset: learns, saves with its fingerprint, refuses other data. */
class DomainEvaluatorTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static EvalData phantom(int count) {
        return EvalData.load(ConfigIO.parse("data: {format: phantom, phantom_count: %d, resolution: 32}".formatted(count),
                "t.yaml").data(), 3);
    }

    @Test
    void trainsAboveChanceSavesFingerprintAndReloadsIdentically(@TempDir Path tmp) throws IOException {
        // Arrange
        EvalData data = phantom(160);
        DomainEvaluator.TrainOptions o = new DomainEvaluator.TrainOptions(15, 32, 1e-3, 7);
        Path dir = tmp.resolve("ev");
        double[][] before;
        // Act
        try (DomainEvaluator ev = DomainEvaluator.train(data.train(), data.test(), data.fingerprint(), data.rule(), o, QUIET)) {
            // Assert: two balanced-ish classes; well above the 0.5 of chance on held-out phantoms
            assertTrue(ev.info().testAccuracy() > 0.7, "test accuracy " + ev.info().testAccuracy() + ", train " + ev.info().trainAccuracy());
            assertEquals(128, ev.dims());
            before = ev.features(data.test());
            ev.save(dir);
        }
        String json = Files.readString(dir.resolve(DomainEvaluator.INFO_FILE));
        assertTrue(json.contains("\"fingerprint\" : \"" + data.fingerprint() + "\""), json);
        assertTrue(json.contains("\"test_accuracy\""), json);
        try (DomainEvaluator ev = DomainEvaluator.load(dir)) {
            double[][] after = ev.features(data.test());
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 1e-6);
            }
            assertEquals("domain", ev.describe().kind());
            assertEquals(data.fingerprint(), ev.describe().fingerprint());
            ev.requireFingerprint(data.fingerprint(), "same data", false, QUIET); // no error
            // Other data: refused, naming both fingerprints and the fix; --force warns instead.
            String other = phantom(200).fingerprint();
            assertNotEquals(data.fingerprint(), other);
            DomainEvaluator.EvaluatorMismatchException e = assertThrows(DomainEvaluator.EvaluatorMismatchException.class,
                    () -> ev.requireFingerprint(other, "run X", false, QUIET));
            assertTrue(e.getMessage().contains(data.fingerprint()) && e.getMessage().contains(other)
                    && e.getMessage().contains("fedsynth evaluator train") && e.getMessage().contains("--force"), e.getMessage());
            ByteArrayOutputStream warn = new ByteArrayOutputStream();
            ev.requireFingerprint(other, "run X", true, new PrintStream(warn));
            assertTrue(warn.toString().contains("warning"));
        }
    }

    @Test
    void fingerprintDependsOnTheDataNotOnThePhantomSeed() {
        var cfg = ConfigIO.parse("data: {format: phantom, phantom_count: 40, resolution: 32}", "t.yaml").data();
        assertEquals(EvalData.load(cfg, 1).fingerprint(), EvalData.load(cfg, 2).fingerprint());
        var rgb = ConfigIO.parse("data: {format: phantom, phantom_count: 40, resolution: 32, channels: 3}", "t.yaml").data();
        assertNotEquals(EvalData.load(cfg, 1).fingerprint(), EvalData.load(rgb, 1).fingerprint());
    }

    @Test
    void missingOrCorruptEvaluatorFilesGiveClearErrors(@TempDir Path tmp) throws IOException {
        NoSuchFileException e1 = assertThrows(NoSuchFileException.class, () -> DomainEvaluator.load(tmp.resolve("none")));
        assertTrue(e1.getMessage().contains("none") && e1.getMessage().contains("evaluator train"), e1.getMessage());
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        NoSuchFileException e2 = assertThrows(NoSuchFileException.class, () -> DomainEvaluator.load(dir));
        assertTrue(e2.getMessage().contains(DomainEvaluator.INFO_FILE), e2.getMessage());
        Files.writeString(dir.resolve(DomainEvaluator.INFO_FILE), "{\"format\": \"fedsynth-evaluator\", \"version\": 1, ");
        IOException e3 = assertThrows(IOException.class, () -> DomainEvaluator.load(dir));
        assertTrue(e3.getMessage().contains("evaluator.json") && e3.getMessage().contains("corrupt"), e3.getMessage());
    }

    @Test
    void aClassifiersWeightsDoNotDependOnTheCallersEngineThreads() {
        // the evaluator's networks train on a fixed number of engine threads (the configured maximum), so that an
        // evaluation made while fitting had picked one thread for a busy machine gives the idle machine's figures
        // (inference is pinned the same way; on this project's CPU its bits do not depend on the threads anyway)
        org.junit.jupiter.api.Assumptions.assumeTrue(org.fedsynth.gan.EngineThreads.maximum() > 1,
                "needs a configured maximum above one engine thread (the build's tests run two)");
        EvalData data = phantom(64);
        float[] free = trainedWeights(data);
        // as a busy machine would leave this thread: one engine thread (restored after)
        float[] pinned = org.fedsynth.gan.EngineThreads.onThreads(1, () -> trainedWeights(data));
        assertArrayEquals(free, pinned, "the classifier trained on the caller's one thread instead of the configured maximum");
    }

    private static float[] trainedWeights(EvalData data) {
        try (CnnClassifier c = new CnnClassifier(new CnnSpec(1, 32, 2, 8), 5)) {
            c.train(data.train(), 12, 16, 1e-3f, new java.util.Random(3), null);
            return c.weights().flatten();
        }
    }
}
