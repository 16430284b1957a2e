package org.fedsynth.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedsynth robustness}: a tiny phantom matrix (2 attacks x 2 defenses) through the command. */
class RobustnessCliTest {

    private static final String GRID = """
            base:
              seed: 3
              data: {format: phantom, phantom_kind: cxr, phantom_count: 160, resolution: 32}
              federation: {clients: 4, rounds: 2}
              training: {batch_size: 16, local_steps: 2, base_width: 8}
              attack: {malicious: [0], trigger: {type: pattern, size: 0.25}}
            attacks:
              patch: {}
              dba: {malicious: [0, 1], dba: true}
            defenses:
              fedavg: {name: fedavg}
              median: {name: median}
            seeds: [1]
            evaluate: {utility: false, privacy: false, n: 60}
            """;

    @Test
    void runsTheMatrixAndWritesTablesHeatMapsAndRefusals(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        Path out = tmp.resolve("out");
        int[] st = new int[1];
        String[] io = CliRun.run(st, "robustness", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(0, st[0], io[0] + io[1]);
        assertTrue(io[0].contains("[6/6]"), io[0]);
        // the DBA row needs 2 attackers of 4: the median refuses it, FedAvg runs it
        String reason = Files.readString(out.resolve("fed__dba__median__seed1/refused.txt"));
        assertTrue(reason.contains("honest majority"), reason);
        assertTrue(Files.isRegularFile(out.resolve("fed__dba__fedavg__seed1/summary.json")));
        JsonNode eval = new ObjectMapper().readTree(out.resolve("fed__patch__fedavg__seed1/eval.json").toFile());
        assertTrue(eval.path("backdoor").path("classifier_accuracy").asDouble() > 0.9, eval.path("backdoor").toString());
        assertTrue(eval.path("backdoor_rate").isNumber());
        for (String a : List.of("patch", "dba")) {
            JsonNode ref = new ObjectMapper().readTree(
                    out.resolve("fed__none__fedavg__seed1/backdoor-reference/" + a + ".json").toFile());
            assertTrue(ref.path("rate").isNumber() && ref.path("classifier_accuracy").asDouble() > 0.5, a + ": " + ref);
        }
        String md = Files.readString(out.resolve("robustness.md"));
        assertTrue(md.contains("backdoor_excess") && md.contains("false-positive floor"), md);
        assertTrue(md.contains("| dba | ") && md.contains("refused"), md);
        assertTrue(md.contains("| none | 0.000 |"), "vanilla draws no trigger:\n" + md);
        assertTrue(md.contains("Break points"), md);
        List<String> csv = Files.readAllLines(out.resolve("robustness.csv"));
        assertEquals(1 + 6, csv.size(), String.join("\n", csv));
        for (String map : List.of("robustness-backdoor-fed.png", "robustness-fd-fed.png")) {
            BufferedImage img = ImageIO.read(out.resolve(map).toFile());
            assertTrue(img.getWidth() > 300 && img.getHeight() > 100, map);
        }
        // two defenses make a grid narrower than the backdoor map's title: the image is widened to show it whole
        java.awt.Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int title = g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14))
                .stringWidth("backdoor_rate above no attack, fed (?: classifier unreliable)");
        g.dispose();
        assertTrue(ImageIO.read(out.resolve("robustness-backdoor-fed.png").toFile()).getWidth() >= title + 8,
                "the title is cut off");
        String html = Files.readString(out.resolve("robustness.html"));
        assertEquals(2, html.split("<img ", -1).length - 1, "two heat maps");
        // fedsynth report on the matrix folder shows the heat maps
        Path report = tmp.resolve("report.html");
        io = CliRun.run(st, "report", "--runs", out.toString(), "--out", report.toString());
        assertEquals(0, st[0], io[0] + io[1]);
        String page = Files.readString(report);
        String robust = page.substring(page.indexOf("<section id=\"robustness\">"));
        assertTrue(robust.contains("robustness-backdoor-fed.png") && robust.contains("robustness-fd-fed.png"), robust);
        // a second invocation trains nothing and asks the refused cell again
        io = CliRun.run(st, "robustness", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(0, st[0], io[1]);
        assertFalse(io[0].contains("evaluating"), io[0]);
        assertTrue(io[0].contains("REFUSED"), io[0]);
        // --tabulate-only trains, evaluates and retries nothing, and writes the same matrix
        String before = Files.readString(out.resolve("robustness.csv"));
        io = CliRun.run(st, "robustness", "--grid", grid.toString(), "--out", out.toString(), "--tabulate-only");
        assertEquals(0, st[0], io[1]);
        assertFalse(io[0].contains("REFUSED") || io[0].contains("evaluating"), io[0]);
        assertEquals(before, Files.readString(out.resolve("robustness.csv")));
    }

    @Test
    void badGridsAreConfigErrorsNamingTheKey(@TempDir Path tmp) throws Exception {
        String[][] cases = {
                {GRID.replace("seeds: [1]", "seedz: [1]"), "unknown key 'seedz'"},
                {GRID.replace("median: {name: median}", "median: {beta: 0.2}"), "defenses.median must be a strategy section"},
                {GRID.replace("patch: {}", "none: {malicious: [0]}"), "attacks.none"},
                {GRID.replace("defenses:\n  fedavg: {name: fedavg}\n  median: {name: median}\n", ""), "defenses is required"},
                {GRID.replace("patch: {}", "patch: {update_scale: -1}"), "attack.update_scale"},
                {GRID.replace("median: {name: median}", "median: {name: medain}"), "strategy.name must be one of"},
        };
        for (String[] c : cases) {
            Path grid = tmp.resolve("g" + c[1].hashCode() + ".yaml");
            Files.writeString(grid, c[0]);
            int[] st = new int[1];
            String[] io = CliRun.run(st, "robustness", "--grid", grid.toString(), "--out", tmp.resolve("o").toString(),
                    "--dry-run");
            assertEquals(Main.EXIT_CONFIG, st[0], c[1] + ": " + io[0] + io[1]);
            assertTrue(io[1].contains(c[1]), c[1] + " not in: " + io[1]);
            assertTrue(io[1].contains(grid.toString()), io[1]);
        }
    }
}
