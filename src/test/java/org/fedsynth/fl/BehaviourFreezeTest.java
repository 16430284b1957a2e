package org.fedsynth.fl;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.run.MetricsLog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Freezes behaviour across refactors: a tiny fixed-seed phantom run of every shipped strategy, with
 * and without an attack, must give the {@code metrics.jsonl} values and the sample grid recorded in
 * {@code src/test/resources/freeze/} (recorded from the code before the architecture change).
 *
 * <p>Every field of a recorded line must be present with the same value (floats to a relative
 * 1e-4); fields the code adds later are allowed. Timing and memory fields are not compared. The
 * grid's pixels must match to one grey level.
 *
 * <p>To record anew (only when a behaviour change is intended and explained in the commit):
 * {@code mvn test -Dtest=BehaviourFreezeTest -Dfedsynth.freeze.record=true}.
 */
class BehaviourFreezeTest {

    private static final Path FREEZE = Path.of("src/test/resources/freeze");
    private static final Set<String> VOLATILE = Set.of("train_ms", "aggregate_ms", "round_ms", "heap_mb", "rss_mb",
            "probe_ms", "detector_ms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static Stream<Arguments> cases() {
        Map<String, String> strategies = new java.util.LinkedHashMap<>();
        strategies.put("fedavg", "{name: fedavg}");
        strategies.put("median", "{name: median}");
        strategies.put("trimmed_mean", "{name: trimmed_mean, beta: 0.25}");
        strategies.put("multikrum", "{name: krum, f: 0, m: 2}");
        strategies.put("clip_noise", "{name: fedavg, clip_bound: 5.0, noise_sigma: 0.001}");
        strategies.put("feddetect_faithful", "{name: feddetect, warmup: 1, trees: 20}");
        strategies.put("feddetect_shipped", "{name: feddetect, warmup: 1, features: [output_deviation], tail: upper,"
                + " memory: 0.5, min_ratio: 1.2, decay: 0.8}");
        List<Arguments> out = new ArrayList<>();
        for (var e : strategies.entrySet()) {
            out.add(Arguments.of(e.getKey(), e.getValue(), false));
            out.add(Arguments.of(e.getKey() + "__attack", e.getValue(), true));
        }
        return out.stream();
    }

    static String config(String strategy, boolean attack) {
        return """
                seed: 11
                data: {format: phantom, phantom_count: 64, resolution: 32}
                federation: {clients: 4, rounds: 3}
                training: {recipe: paper, batch_size: 8, local_steps: 2, base_width: 8}
                strategy: %s
                output: {sample_every: 3, samples_per_class: 3, score_every: 1, checkpoint_keep: 1}
                """.formatted(strategy)
                + (attack ? "attack: {malicious: [0], trigger: {type: pattern, size: 0.25, location: bottom-right}}\n" : "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameRecordsAndGrid(String name, String strategy, boolean attack, @TempDir Path tmp) throws Exception {
        Path run = tmp.resolve(name);
        Simulations.train(ConfigIO.parse(config(strategy, attack), name + ".yaml"), run, false, QUIET, false);
        List<JsonNode> got = MetricsLog.readAll(run.resolve("metrics.jsonl"));
        Path grid = run.resolve("samples/round-0003.png");
        Path goldenLog = FREEZE.resolve(name + ".jsonl");
        Path goldenGrid = FREEZE.resolve(name + ".png");
        if (Boolean.getBoolean("fedsynth.freeze.record")) {
            Files.createDirectories(FREEZE);
            StringBuilder sb = new StringBuilder();
            for (JsonNode r : got) {
                sb.append(JSON.writeValueAsString(strip(r))).append('\n');
            }
            Files.writeString(goldenLog, sb.toString(), StandardCharsets.UTF_8);
            Files.copy(grid, goldenGrid, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        List<JsonNode> want = MetricsLog.readAll(goldenLog);
        List<JsonNode> gotRecords = got.stream().filter(r -> !r.path("type").asText().equals("meta")).toList();
        List<JsonNode> wantRecords = want.stream().filter(r -> !r.path("type").asText().equals("meta")).toList();
        assertEquals(wantRecords.size(), gotRecords.size(), name + ": number of records");
        for (int i = 0; i < wantRecords.size(); i++) {
            assertCovers(wantRecords.get(i), gotRecords.get(i), name + " record " + i);
        }
        assertSamePixels(goldenGrid, grid, name);
    }

    private static JsonNode strip(JsonNode r) {
        var o = r.deepCopy();
        if (o instanceof com.fasterxml.jackson.databind.node.ObjectNode obj) {
            obj.remove(VOLATILE);
        }
        return o;
    }

    /**
     * Every field of {@code want} is in {@code got} with the same value, numbers to a relative 1e-3:
     * on another CPU of the same family (both AMD EPYC, family 25) the engine's kernels round
     * differently, and losses drift by ~1.2e-4 within 3 rounds. A change of behaviour moves them by
     * far more.
     */
    static void assertCovers(JsonNode want, JsonNode got, String where) {
        if (want.isNumber()) {
            assertTrue(got.isNumber(), where + ": expected a number " + want + ", found " + got);
            double a = want.asDouble();
            double b = got.asDouble();
            assertEquals(a, b, 1e-3 * Math.max(1, Math.abs(a)), where);
        } else if (want.isObject()) {
            assertTrue(got.isObject(), where + ": expected an object, found " + got);
            Iterator<String> names = want.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                if (VOLATILE.contains(k)) {
                    continue;
                }
                assertTrue(got.has(k), where + ": field " + k + " is missing (" + got + ")");
                assertCovers(want.get(k), got.get(k), where + "." + k);
            }
        } else if (want.isArray()) {
            assertTrue(got.isArray(), where + ": expected an array, found " + got);
            assertEquals(want.size(), got.size(), where + ": array length");
            for (int i = 0; i < want.size(); i++) {
                assertCovers(want.get(i), got.get(i), where + "[" + i + "]");
            }
        } else if (want.isTextual() && got.isTextual()) {
            assertSameText(want.asText(), got.asText(), where);
        } else {
            assertEquals(want, got, where);
        }
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(?:[eE]-?\\d+)?");

    /**
     * The same text, with the decimals written inside it (a reason's "score 0.0333777") equal to a
     * relative 1e-3: they are printed to 6 digits, and on another CPU of the same family the engine's
     * kernels round differently, which moves a distance-based score by ~2e-4 within 3 rounds.
     */
    static void assertSameText(String want, String got, String where) {
        var wm = NUMBER.matcher(want);
        var gm = NUMBER.matcher(got);
        assertEquals(wm.replaceAll("#"), gm.replaceAll("#"), where);
        wm.reset();
        gm.reset();
        while (wm.find() && gm.find()) {
            double a = Double.parseDouble(wm.group());
            double b = Double.parseDouble(gm.group());
            assertEquals(a, b, 1e-3 * Math.max(1e-3, Math.abs(a)), where + ": " + want + " vs " + got);
        }
    }

    static void assertSamePixels(Path want, Path got, String where) throws IOException {
        BufferedImage a = ImageIO.read(want.toFile());
        BufferedImage b = ImageIO.read(got.toFile());
        assertNotNull(b, where + ": grid not written");
        assertEquals(a.getWidth(), b.getWidth(), where + ": grid width");
        assertEquals(a.getHeight(), b.getHeight(), where + ": grid height");
        int worst = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int pa = a.getRGB(x, y);
                int pb = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    worst = Math.max(worst, Math.abs(((pa >> s) & 255) - ((pb >> s) & 255)));
                }
            }
        }
        assertTrue(worst <= 1, where + ": grid pixels differ by up to " + worst + " grey levels");
    }
}
