package org.fedsynth.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    private static String[] runCapturingErr(int[] status, String... args) {
        return CliRun.run(status, args);
    }

    @Test
    void badConfigExitsWith2AndNamesTheKey(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("run.yaml");
        Files.writeString(cfg, "training:\n  batch_size: -3\n");
        int[] st = new int[1];
        String[] io = runCapturingErr(st, "train", "--config", cfg.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("training.batch_size"), io[1]);
    }

    @Test
    void unknownStrategyParameterIsAConfigError(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("run.yaml");
        Files.writeString(cfg, "strategy:\n  name: feddetect\n  decay: 1.5\n");
        int[] st = new int[1];
        String[] io = runCapturingErr(st, "train", "--config", cfg.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("decay"), io[1]);
    }

    @Test
    void phantomCommandWritesAnImageFolder(@TempDir Path tmp) {
        int[] st = new int[1];
        runCapturingErr(st, "data", "phantom", "--kind", "derm", "--count", "6", "--resolution", "32", "--out", tmp.resolve("d").toString());
        assertEquals(0, st[0]);
        assertTrue(Files.isDirectory(tmp.resolve("d/benign")));
        assertTrue(Files.isDirectory(tmp.resolve("d/malignant")));
    }

    @Test
    void trainHelpListsConfigKeys() {
        int[] st = new int[1];
        String[] io = runCapturingErr(st, "train", "--help");
        assertEquals(0, st[0]);
        assertTrue(io[0].contains("training.local_steps"), io[0]);
    }

    @Test
    void trainHelpListsEveryPluginKey() {
        int[] st = new int[1];
        String[] io = runCapturingErr(st, "train", "--help");
        assertEquals(0, st[0]);
        for (org.fedsynth.plugin.PluginDocs.Row r : org.fedsynth.plugin.PluginDocs.rows()) {
            assertTrue(io[0].contains(r.kind() + " " + r.plugin() + ":"), r.plugin() + "\n" + io[0]);
            if (r.key() != null) {
                assertTrue(io[0].matches("(?s).*\\n\\s+" + r.key() + "\\s+" + java.util.regex.Pattern.quote(r.type())
                        + "\\s+default " + java.util.regex.Pattern.quote(r.dflt()) + ".*"), r + "\n" + io[0]);
            }
        }
        assertTrue(io[0].contains("min_ratio"), io[0]);
        assertTrue(io[0].contains("clip_bound"), io[0]);
    }

    @Test
    void reportOfAFolderThatIsNoRunExitsWith2AndNamesTheExpectedFile(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("notarun"));
        int[] st = new int[1];
        String[] io = runCapturingErr(st, "report", "--runs", tmp.resolve("notarun").toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("config.resolved.yaml"), io[1]);
        io = runCapturingErr(st, "report", "--runs", tmp.resolve("missing").toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(2, st[0]);
        assertTrue(io[1].contains("no such folder"), io[1]);
    }
}
