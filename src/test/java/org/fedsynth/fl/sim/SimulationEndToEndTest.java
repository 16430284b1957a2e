package org.fedsynth.fl.sim;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.run.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on a small phantom set: real engine, real files. */
class SimulationEndToEndTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static RunConfig config(int rounds) {
        return ConfigIO.parse("""
                seed: 5
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 3, rounds: %d}
                training: {batch_size: 8, local_steps: 2, base_width: 16}
                output: {sample_every: 2, checkpoint_keep: 5}
                """.formatted(rounds), "test.yaml");
    }

    @Test
    void trainsResumesExactlyAndGenerates(@TempDir Path tmp) throws Exception {
        Path full = tmp.resolve("full");
        Checkpoint a = Simulations.train(config(3), full, false, QUIET, false);

        List<JsonNode> recs = MetricsLog.readAll(full.resolve("metrics.jsonl"));
        List<JsonNode> clientRecs = recs.stream().filter(r -> r.get("type").asText().equals("client")).toList();
        assertEquals(9, clientRecs.size());
        for (JsonNode r : clientRecs) {
            for (String k : List.of("lossD", "lossG", "lossG_last", "weight", "samples")) {
                assertTrue(r.has(k), "record lacks " + k);
            }
            assertTrue(Double.isFinite(r.get("lossD").asDouble()) && Double.isFinite(r.get("lossG").asDouble()));
            assertEquals(1.0 / 3, r.get("weight").asDouble(), 1e-9);
        }
        assertTrue(Files.exists(full.resolve("checkpoints/round-0003.ckpt")));
        assertTrue(Files.exists(full.resolve("samples/round-0002.png")));
        assertTrue(Files.exists(full.resolve("samples/round-0003.png")));
        assertTrue(Files.exists(full.resolve("config.resolved.yaml")));
        assertTrue(Files.exists(full.resolve("summary.json")));

        // The published generator is the moving average (decay 0.8 by default) of the global ones,
        // starting at round 1's; training continues from the global generator.
        Checkpoint r1 = Checkpoint.read(full.resolve("checkpoints/round-0001.ckpt"));
        Checkpoint r2 = Checkpoint.read(full.resolve("checkpoints/round-0002.ckpt"));
        assertArrayEquals(r1.globalG().flatten(), r1.publishedG().flatten(), 0f);
        float[] g1 = r1.globalG().flatten();
        float[] g2 = r2.globalG().flatten();
        float[] g3 = a.globalG().flatten();
        float[] p3 = a.publishedG().flatten();
        double maxDiff = 0;
        for (int i = 0; i < p3.length; i++) {
            double expected = 0.8 * (0.8 * g1[i] + 0.2 * g2[i]) + 0.2 * g3[i];
            assertEquals(expected, p3[i], 1e-5, "published tensor value " + i);
            maxDiff = Math.max(maxDiff, Math.abs(g3[i] - p3[i]));
        }
        assertTrue(maxDiff > 1e-4, "the published generator should differ from the global one");
        assertSame(a.publishedG(), a.sampleGenerator());

        // Interrupted after round 2, then resumed: same model and same losses.
        Path split = tmp.resolve("split");
        Simulations.train(config(2), split, false, QUIET, false);
        Checkpoint b = Simulations.train(config(3), split, true, QUIET, false);
        assertEquals(3, b.round());
        assertArrayEquals(a.globalG().flatten(), b.globalG().flatten(), 1e-5f);
        assertArrayEquals(a.publishedG().flatten(), b.publishedG().flatten(), 1e-5f);
        assertArrayEquals(a.clients().get(1).discriminator().flatten(), b.clients().get(1).discriminator().flatten(), 1e-5f);
        List<JsonNode> recsB = MetricsLog.readAll(split.resolve("metrics.jsonl"));
        assertEquals(recs.size(), recsB.size());
        for (int i = 0; i < recs.size(); i++) {
            if (recs.get(i).has("lossG")) {
                assertEquals(recs.get(i).get("lossG").asDouble(), recsB.get(i).get("lossG").asDouble(), 1e-4);
            }
        }

        // Starting again on a finished run folder without --resume is refused; nothing is lost.
        ConfigException e = assertThrows(ConfigException.class, () -> Simulations.train(config(3), full, false, QUIET, false));
        assertTrue(e.getMessage().contains("--resume"));

        // generate: the right count per class, plus labels.csv.
        Path gen = tmp.resolve("gen");
        SyntheticDataset.Summary s = SyntheticDataset.write(full, 5, gen, 1, QUIET);
        assertEquals(10, s.total());
        for (String cls : s.classNames()) {
            try (var files = Files.list(gen.resolve(cls))) {
                assertEquals(5, files.count());
            }
        }
        assertEquals(11, Files.readAllLines(gen.resolve("labels.csv")).size());
    }

    @Test
    void sameSeedGivesSameRun(@TempDir Path tmp) throws Exception {
        Checkpoint a = Simulations.train(config(1), tmp.resolve("a"), false, QUIET, false);
        Checkpoint b = Simulations.train(config(1), tmp.resolve("b"), false, QUIET, false);
        assertArrayEquals(a.globalG().flatten(), b.globalG().flatten(), 1e-6f);
    }

    @Test
    void clientsTrainedAtOnceGiveTheSameRunWhateverTheWorkers(@TempDir Path tmp) throws Exception {
        String before = System.getProperty("fedsynth.workers");
        try {
            System.setProperty("fedsynth.workers", "2");
            Checkpoint two = Simulations.train(config(2), tmp.resolve("w2"), false, QUIET, false);
            System.setProperty("fedsynth.workers", "3");
            Checkpoint three = Simulations.train(config(2), tmp.resolve("w3"), false, QUIET, false);
            System.setProperty("fedsynth.workers", "1");
            Checkpoint one = Simulations.train(config(2), tmp.resolve("w1"), false, QUIET, false);
            // 2 or 3 at once, one engine thread each: the same run, bit for bit, in any order of finishing
            assertArrayEquals(two.globalG().flatten(), three.globalG().flatten(), 0f);
            for (int c = 0; c < two.clients().size(); c++) {
                assertArrayEquals(two.clients().get(c).discriminator().flatten(), three.clients().get(c).discriminator().flatten(), 0f);
            }
            // one at a time on all threads: the same to float rounding
            assertArrayEquals(one.globalG().flatten(), two.globalG().flatten(), 1e-4f);
            System.setProperty("fedsynth.workers", "two");
            ConfigException bad = assertThrows(ConfigException.class,
                    () -> Simulations.train(config(1), tmp.resolve("bad"), false, QUIET, false));
            assertTrue(bad.getMessage().contains("fedsynth.workers") && bad.getMessage().contains("'two'"), bad.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("fedsynth.workers");
            } else {
                System.setProperty("fedsynth.workers", before);
            }
        }
    }

    @Test
    void maxShareCapsTheBaseWeightOfALargeSite(@TempDir Path tmp) throws Exception {
        // strong label skew on 3 sites gives one site most of the images; the cap holds every site to 40%
        String yaml = """
                seed: 5
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 3, rounds: 1, partition: dirichlet, alpha: 0.1%s}
                training: {batch_size: 8, local_steps: 1, base_width: 16}
                output: {sample_every: 2}
                """;
        double[] plain = baseWeights(tmp.resolve("plain"), ConfigIO.parse(yaml.formatted(""), "plain.yaml"));
        double[] capped = baseWeights(tmp.resolve("capped"), ConfigIO.parse(yaml.formatted(", max_share: 0.4"), "capped.yaml"));
        int largest = 0;
        for (int i = 1; i < plain.length; i++) {
            largest = plain[i] > plain[largest] ? i : largest;
        }
        assertTrue(plain[largest] > 0.45, "the skewed split has a site above the cap: " + java.util.Arrays.toString(plain));
        assertEquals(0.4, capped[largest], 1e-9);
        for (int i = 0; i < plain.length; i++) {
            assertTrue(capped[i] <= 0.4 + 1e-9, "site " + i + ": " + capped[i]);
        }
        assertEquals(1.0, java.util.Arrays.stream(capped).sum(), 1e-9);
    }

    /** Each client's base weight in round 1, as the run's metrics record it. */
    private static double[] baseWeights(Path out, RunConfig cfg) throws Exception {
        Simulations.train(cfg, out, false, QUIET, false);
        double[] w = new double[cfg.federation().clients()];
        for (JsonNode n : MetricsLog.readAll(out.resolve("metrics.jsonl"))) {
            if (n.path("type").asText().equals("client") && n.path("round").asInt() == 1) {
                w[n.path("client").asInt()] = n.path("base_weight").asDouble();
            }
        }
        return w;
    }

    @Test
    void generatorEmaZeroPublishesTheGlobalGenerator(@TempDir Path tmp) throws Exception {
        RunConfig cfg = ConfigIO.parse("""
                seed: 5
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 3, rounds: 1, generator_ema: 0}
                training: {batch_size: 8, local_steps: 2, base_width: 16}
                output: {sample_every: 2, checkpoint_keep: 5}
                """, "no-ema.yaml");
        Checkpoint c = Simulations.train(cfg, tmp.resolve("no-ema"), false, QUIET, false);
        assertNull(c.publishedG());
        assertSame(c.globalG(), c.sampleGenerator());
        // The same seed with the default decay trains the same global generator: the average is only published.
        Checkpoint d = Simulations.train(config(1), tmp.resolve("ema"), false, QUIET, false);
        assertArrayEquals(d.globalG().flatten(), c.globalG().flatten(), 1e-6f);
    }

    @Test
    void resumeWithAnotherConfigIsRefused(@TempDir Path tmp) throws Exception {
        Simulations.train(config(1), tmp, false, QUIET, false);
        RunConfig other = ConfigIO.parse("""
                seed: 6
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 3, rounds: 2}
                training: {batch_size: 8, local_steps: 2, base_width: 16}
                """, "other.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> Simulations.train(other, tmp, true, QUIET, false));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
    }

    @Test
    void trainsOnPneumoniaMnistWhenPresent(@TempDir Path tmp) throws Exception {
        Path npz = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data")).resolve("pneumoniamnist.npz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(npz), "shared PneumoniaMNIST not present");
        RunConfig cfg = ConfigIO.parse("""
                data: {format: npz, path: %s, split: val, resolution: 32}
                federation: {clients: 2, rounds: 1}
                training: {batch_size: 8, local_steps: 2, base_width: 16}
                """.formatted(npz.toAbsolutePath()), "npz.yaml");
        Checkpoint c = Simulations.train(cfg, tmp, false, QUIET, false);
        assertEquals(List.of("0", "1"), c.classNames());
        assertEquals(1, c.spec().channels());
        assertNull(c.globalG().firstNonFinite());
    }

    static RunConfig sampled(int rounds) {
        return ConfigIO.parse("""
                seed: 9
                data: {format: phantom, phantom_count: 96, resolution: 32}
                federation: {clients: 6, rounds: %d, clients_per_round: 2, client_state: disk}
                training: {batch_size: 8, local_steps: 1, base_width: 8}
                output: {sample_every: 10, checkpoint_keep: 1}
                """.formatted(rounds), "sampled.yaml");
    }

    @Test
    void sampledClientsWithSpilledStateResumeExactly(@TempDir Path tmp) throws Exception {
        Checkpoint a = Simulations.train(sampled(3), tmp.resolve("a"), false, QUIET, false);
        assertTrue(a.clients().isEmpty(), "spilled states are not inline");
        List<JsonNode> recs = MetricsLog.readAll(tmp.resolve("a/metrics.jsonl"));
        for (int r = 1; r <= 3; r++) {
            final int round = r;
            assertEquals(2, recs.stream().filter(x -> x.get("type").asText().equals("client") && x.get("round").asInt() == round).count());
        }
        try (var files = Files.list(tmp.resolve("a/clients"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(a.clientVersions().size(), names.size(), "only the versions the kept checkpoint names: " + names);
        }
        Simulations.train(sampled(2), tmp.resolve("b"), false, QUIET, false);
        Checkpoint b = Simulations.train(sampled(3), tmp.resolve("b"), true, QUIET, false);
        assertArrayEquals(a.globalG().flatten(), b.globalG().flatten(), 1e-5f);
        assertEquals(a.clientVersions(), b.clientVersions());
    }
}
