package org.fedsynth.eval.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.eval.FeatureIO;
import org.fedsynth.eval.features.DomainEvaluator;
import org.fedsynth.eval.utility.UtilityStudy;
import org.fedsynth.fl.sim.Simulations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} end to end on a tiny attacked phantom run (real engine, real files). */
class EvaluationEndToEndTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @TempDir
    static Path tmp;
    static Path run;

    static RunConfig config() {
        return ConfigIO.parse("""
                seed: 5
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 3, rounds: 2}
                training: {batch_size: 8, local_steps: 2, base_width: 16}
                attack: {malicious: [0], trigger: {type: pattern, size: 0.2}}
                output: {sample_every: 2}
                """, "test.yaml");
    }

    static EvalOptions small() {
        return EvalOptions.defaults()
                .withSizes(40, 3, 5, 20, 1)
                .withUtility(true, List.of(5, UtilityStudy.ALL), 4, 2, 6)
                .withEvaluatorTraining(new DomainEvaluator.TrainOptions(1, 32, 1e-3, 1));
    }

    @BeforeAll
    static void trainRun() throws Exception {
        run = tmp.resolve("sweep").resolve("attack");
        Simulations.train(config(), run, false, QUIET, false);
    }

    @Test
    void writesEvalJsonWithEveryKeyAndTheFeatureCsvs() throws Exception {
        // Act
        EvalResult r = Evaluation.run(run, small(), QUIET);
        // Assert
        JsonNode j = new ObjectMapper().readTree(run.resolve("eval.json").toFile());
        assertEquals("attack", j.get("run").asText());
        for (String k : List.of("kind", "path", "fingerprint", "dims")) {
            assertTrue(j.get("feature_network").has(k), k);
        }
        assertEquals("domain", j.get("feature_network").get("kind").asText());
        assertEquals(128, j.get("feature_network").get("dims").asInt());
        assertEquals(40, j.get("n_generated").asInt());
        assertEquals(100, j.get("n_real").asInt());
        assertEquals(1, j.get("seed").asLong());
        List<String> metricKeys = List.of("fd", "kid", "kid_sd", "precision", "recall", "density", "coverage",
                "diversity_feature", "diversity_pixel");
        JsonNode overall = j.get("fidelity").get("overall");
        for (String k : metricKeys) {
            assertTrue(overall.get(k).isNumber() && Double.isFinite(overall.get(k).asDouble()), k + " = " + overall.get(k));
        }
        assertEquals(3, overall.get("k").asInt());
        assertEquals(40, overall.get("n_fake").asInt());
        JsonNode per = j.get("fidelity").get("per_class");
        assertEquals(List.of("normal", "opacity"), iterable(per.fieldNames()));
        for (JsonNode m : per) {
            for (String k : metricKeys) {
                assertTrue(m.get(k).isNumber(), k);
            }
            assertEquals(20, m.get("n_fake").asInt());
        }
        assertTrue(j.get("trigger_score").isNumber(), "attacked run has a trigger score");
        JsonNode u = j.get("utility");
        assertEquals(4, u.get("m").asInt());
        assertEquals(List.of("normal", "opacity"), List.of(u.get("classes").get(0).asText(), u.get("classes").get(1).asText()));
        assertEquals(2, u.get("seeds").size());
        JsonNode rows = u.get("rows");
        assertEquals(4, rows.size(), "n in {5, all} x with/without synthetic");
        assertEquals(5, rows.get(0).get("n").asInt());
        assertFalse(rows.get(0).get("synthetic").asBoolean());
        assertTrue(rows.get(1).get("synthetic").asBoolean());
        assertEquals("all", rows.get(2).get("n_label").asText());
        assertEquals(96, rows.get(2).get("n").asInt());
        for (JsonNode row : rows) {
            for (String k : List.of("accuracy_mean", "accuracy_sd", "balanced_accuracy_mean", "balanced_accuracy_sd", "auc_mean",
                    "auc_sd")) {
                assertTrue(row.get(k).isNumber() && Double.isFinite(row.get(k).asDouble()), k);
            }
            double acc = row.get("accuracy_mean").asDouble();
            assertTrue(acc >= 0 && acc <= 1);
        }
        assertTrue(j.get("elapsed_s").asDouble() > 0);
        // The privacy section: the 96 phantoms the 3 clients held against the 100 held-out ones.
        JsonNode p = j.get("privacy");
        assertEquals(96, p.get("members").asInt());
        assertEquals(100, p.get("holdout").asInt());
        assertEquals(40, p.get("generated").asInt());
        for (String space : List.of("pixel", "feature")) {
            for (String k : List.of("p5", "median", "ratio", "ratio_p5", "holdout_p5", "holdout_median")) {
                assertTrue(p.get("dcr").get(space).get(k).asDouble() > 0, "dcr." + space + "." + k);
                assertTrue(p.get("nndr").get(space).get(k).isNumber(), "nndr." + space + "." + k);
            }
        }
        double auc = p.get("membership_auc").asDouble();
        assertTrue(auc >= 0 && auc <= 1);
        assertEquals(2, p.get("membership_auc_ci").size());
        assertTrue(p.get("membership_auc_ci").get(0).asDouble() <= auc && auc <= p.get("membership_auc_ci").get(1).asDouble());
        assertEquals(3, p.get("per_client").size());
        int held = 0;
        for (JsonNode c : p.get("per_client")) {
            held += c.get("members").asInt();
            assertTrue(c.get("dcr").get("pixel").get("ratio").isNumber());
            assertTrue(c.get("membership_auc").isNumber());
        }
        assertEquals(96, held, "iid clients hold each image once");
        // The reference: as many unseen phantoms as generated images, audited in their place.
        JsonNode ref = p.get("reference");
        assertEquals(40, ref.get("images").asInt());
        assertTrue(ref.get("source").asText().contains("phantoms"));
        assertTrue(ref.get("dcr").get("pixel").get("ratio").asDouble() > 0);
        assertTrue(ref.get("membership_auc").isNumber());
        assertEquals(3, ref.get("per_client").size());
        assertEquals(40, FeatureIO.read(run.resolve(EvalPrivacy.FEATURES_REFERENCE)).features().length);
        assertEquals(8, p.get("nearest_copies").get("rows").size());
        assertEquals(5, p.get("nearest_copies").get("rows").get(0).get("distances").size());
        assertTrue(p.get("findings").isArray());
        assertEquals(!p.get("findings").isEmpty(), p.get("flagged").asBoolean());
        java.awt.image.BufferedImage strip = javax.imageio.ImageIO.read(run.resolve(EvalPrivacy.STRIP).toFile());
        assertNotNull(strip, "privacy-nearest.png is a readable PNG");
        assertTrue(strip.getHeight() > 8 * 32, "one row per training image");
        assertEquals(96, FeatureIO.read(run.resolve(EvalPrivacy.FEATURES_TRAIN)).features().length);
        assertEquals(97, Files.readAllLines(run.resolve(EvalPrivacy.CLIENTS)).size(), "header + one line per image");
        // Features exported, with labels, matching the counts; the default evaluator cached beside the run.
        FeatureIO.Table real = FeatureIO.read(run.resolve(Evaluation.FEATURES_REAL));
        FeatureIO.Table fake = FeatureIO.read(run.resolve(Evaluation.FEATURES_FAKE));
        assertEquals(100, real.features().length);
        assertEquals(40, fake.features().length);
        assertTrue(fake.hasLabels());
        Path cached = run.getParent().resolve(".evaluator-" + r.dataFingerprint().substring(7, 23));
        assertTrue(Files.isRegularFile(cached.resolve(DomainEvaluator.INFO_FILE)), cached.toString());
        // Reproducible: a second evaluation reuses the cached evaluator and gives the same FD.
        EvalResult again = Evaluation.run(run, small().withUtility(false, List.of(5), 0, 1, 1), QUIET);
        assertEquals(r.overall().fd(), again.overall().fd(), 1e-9);
        assertNull(new ObjectMapper().readTree(run.resolve("eval.json").toFile()).get("utility").textValue());
        assertEquals(p.get("membership_auc").asDouble(), again.privacy().result().overall().membershipPixel().auc(), 1e-12,
                "the audit is deterministic");
        Evaluation.run(run, small().withUtility(false, List.of(5), 0, 1, 1).withPrivacy(false), QUIET);
        assertTrue(new ObjectMapper().readTree(run.resolve("eval.json").toFile()).get("privacy").isNull(), "--no-privacy");
    }

    @Test
    void badInputsGiveClearErrors() throws Exception {
        EvalOptions o = small().withUtility(false, List.of(5), 0, 1, 1);
        NoSuchFileException e1 = assertThrows(NoSuchFileException.class, () -> Evaluation.run(tmp.resolve("nope"), o, QUIET));
        assertTrue(e1.getMessage().contains("nope") && e1.getMessage().contains("run folder"), e1.getMessage());

        Path noCkpt = Files.createDirectories(tmp.resolve("sweep2/empty"));
        Files.writeString(noCkpt.resolve("config.resolved.yaml"), ConfigIO.toYaml(config()));
        NoSuchFileException e2 = assertThrows(NoSuchFileException.class, () -> Evaluation.run(noCkpt, o, QUIET));
        assertTrue(e2.getMessage().contains("no readable checkpoint"), e2.getMessage());

        Path badTs = tmp.resolve("missing.pt");
        NoSuchFileException e3 = assertThrows(NoSuchFileException.class,
                () -> Evaluation.run(run, o.withFeatures(null, badTs, false), QUIET));
        assertTrue(e3.getMessage().contains("missing.pt"), e3.getMessage());

        Path corrupt = Files.createDirectories(tmp.resolve("corrupt-evaluator"));
        Files.writeString(corrupt.resolve(DomainEvaluator.INFO_FILE), "{not json");
        IOException e4 = assertThrows(IOException.class, () -> Evaluation.run(run, o.withFeatures(corrupt, null, false), QUIET));
        assertTrue(e4.getMessage().contains("evaluator.json") && e4.getMessage().contains("corrupt"), e4.getMessage());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
