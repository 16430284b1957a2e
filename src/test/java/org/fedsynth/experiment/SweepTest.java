package org.fedsynth.experiment;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    static final String GRID = """
            base:
              data: {format: phantom, phantom_count: 32, resolution: 32}
              federation: {clients: 2, rounds: 1}
              training: {batch_size: 4, local_steps: 1, base_width: 8}
              attack: {malicious: [], trigger: {type: pattern, size: 0.2}}
            variants:
              vanilla: {}
              attack: {attack: {malicious: [0]}}
            axes:
              attack.trigger.size: [0.1, 0.2]
            seeds: [1, 2]
            """;

    @Test
    void expandsVariantsAxesAndSeedsWithMergedOverrides(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        List<Sweep.Planned> runs = Sweep.plan(grid);
        assertEquals(8, runs.size());
        Sweep.Planned p = runs.get(6);
        assertEquals("attack__size=0.2__seed1", p.name());
        assertEquals(1L, p.config().seed());
        assertEquals("[0]", p.config().attack().get("malicious").toString());
        assertEquals(0.2, p.config().attack().get("trigger").get("size").asDouble());
        assertEquals("pattern", p.config().attack().get("trigger").get("type").asText(), "merge keeps sibling keys");
    }

    @Test
    void badGridsAreRejectedWithTheFileAndKey(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, "base: {}\nsweeps: {}\n");
        assertTrue(assertThrows(ConfigException.class, () -> Sweep.plan(grid)).getMessage().contains("unknown key 'sweeps'"));
        Files.writeString(grid, "base: {training: {batch_size: 0}}\n");
        assertTrue(assertThrows(ConfigException.class, () -> Sweep.plan(grid)).getMessage().contains("training.batch_size"));
        // the strategy section is bound when the grid is planned, not when its run starts after the data is loaded
        Files.writeString(grid, "base: {strategy: {name: fedavg, clip_boundd: 3}}\n");
        String m = assertThrows(ConfigException.class, () -> Sweep.plan(grid)).getMessage();
        assertTrue(m.contains("strategy.clip_boundd") && m.contains("clip_bound") && m.contains(grid.toString()), m);
    }

    @Test
    void runsSkipsFinishedRunsAndTabulates(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID.replace("attack.trigger.size: [0.1, 0.2]", "attack.trigger.size: [0.2]").replace("[1, 2]", "[1]"));
        Path out = tmp.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Sweep.run(grid, out, new PrintStream(log, true), false);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("run,variant,attack.trigger.size,seed,trigger_score"));
        assertTrue(Files.readString(out.resolve("results.md")).contains("| attack | 0.2 | 1 |"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Sweep.run(grid, out, new PrintStream(again, true), false);
        assertTrue(again.toString().contains("complete, skipped"));
    }

    @Test
    void evaluateSectionIsParsedAndValidated(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID + "evaluate: {n: 40, k: 3, utility_n: [5, all], utility_m: 5, utility_seeds: 2, utility_steps: 7}\n");
        var o = Sweep.evaluation(grid);
        assertEquals(40, o.generated());
        assertEquals(3, o.k());
        assertEquals(List.of(5, org.fedsynth.eval.utility.UtilityStudy.ALL), o.utilityNs());
        assertEquals(2, o.utilitySeeds());
        assertEquals(7, o.utilitySteps());
        Files.writeString(grid, GRID);
        assertNull(Sweep.evaluation(grid));
        Files.writeString(grid, GRID + "evaluate: {fid: 1}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.evaluation(grid));
        assertTrue(e.getMessage().contains("evaluate.fid is not an option"), e.getMessage());
        assertTrue(o.privacy(), "the privacy audit is on by default");
        Files.writeString(grid, GRID + "evaluate: {privacy: false}\n");
        assertFalse(Sweep.evaluation(grid).privacy());
        Files.writeString(grid, GRID + "evaluate: {privacy: 1}\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> Sweep.evaluation(grid));
        assertTrue(e2.getMessage().contains("evaluate.privacy must be true or false"), e2.getMessage());
    }

    @Test
    void sweepEvaluatesEachRunAndTabulatesFidelity(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID.replace("attack.trigger.size: [0.1, 0.2]", "attack.trigger.size: [0.2]").replace("[1, 2]", "[1]")
                + "evaluate: {n: 40, k: 3, utility_n: [5], utility_m: 5, utility_seeds: 1, utility_steps: 5}\n");
        Path out = tmp.resolve("out");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Sweep.run(grid, out, new PrintStream(log, true), false);
        for (Sweep.Planned p : Sweep.plan(grid)) {
            assertTrue(Files.exists(out.resolve(p.name()).resolve("eval.json")), p.name());
        }
        String header = Files.readAllLines(out.resolve("results.csv")).get(0);
        assertTrue(header.contains("fd"), header);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Sweep.run(grid, out, new PrintStream(again, true), false);
        assertTrue(again.toString().contains("evaluated, skipped"), again.toString());
    }
}
