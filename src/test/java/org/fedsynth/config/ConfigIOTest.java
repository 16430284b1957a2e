package org.fedsynth.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigIOTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigIO.parse(yaml, "run.yaml")).getMessage();
    }

    @Test
    void emptyConfigGivesDocumentedDefaults() {
        RunConfig c = ConfigIO.parse("", "run.yaml");
        assertEquals(42L, c.seed());
        assertEquals("phantom", c.data().format());
        assertEquals(32, c.data().resolution());
        assertEquals(4, c.federation().clients());
        assertEquals("iid", c.federation().partition());
        assertEquals(32, c.training().batchSize());
        assertEquals(10, c.training().localSteps());
        assertEquals(2e-4, c.training().lrG());
        assertEquals("fedavg", c.strategyName());
        assertFalse(c.federation().averageDiscriminator());
        assertEquals(0.8, c.federation().generatorEma());
        assertNull(c.federation().maxShare(), "no cap unless asked");
    }

    @Test
    void unknownKeyIsNamedWithItsPathAndTheAllowedKeys() {
        String msg = error("training:\n  lr: 0.1\n");
        assertTrue(msg.contains("unknown key 'training.lr'"), msg);
        assertTrue(msg.contains("lr_g"), msg);
        assertTrue(msg.contains("(line "), msg);
    }

    @Test
    void aMisspeltKeyIsReportedBeforeAnotherFieldsBadValue() {
        // Jackson validates the record before it reaches 'bogus'; the unknown key still comes first.
        for (String text : List.of("federation:\n  rounds: 0\n  bogus: 1\n", "federation:\n  bogus: 1\n  rounds: 0\n")) {
            String msg = error(text);
            assertTrue(msg.contains("unknown key 'federation.bogus'"), msg);
            assertTrue(msg.contains("allowed keys here: ") && msg.contains("rounds"), msg);
        }
        // Free-form sections (strategy options) are not mistaken for unknown keys.
        assertTrue(error("strategy: {name: feddetect, warmup: 1}\nfederation: {rounds: 0}\n").contains("federation.rounds"));
    }

    @Test
    void badValuesNameFieldValueAndRange() {
        assertTrue(error("training:\n  batch_size: 0\n").contains("training.batch_size must be in [1, 4096], found 0"));
        assertTrue(error("data:\n  resolution: 48\n").contains("data.resolution must be 32, 64 or 128, found 48"));
        assertTrue(error("federation:\n  partition: random\n").contains("federation.partition"));
        assertTrue(error("federation:\n  alpha: -1\n").contains("federation.alpha must be a positive number"));
        assertTrue(error("federation:\n  generator_ema: 1\n").contains("federation.generator_ema must be in [0, 1)"));
        assertTrue(error("federation:\n  generator_ema: -0.1\n").contains("found -0.1"));
        assertTrue(error("federation:\n  max_share: 1.5\n").contains("federation.max_share must be in (0, 1]"));
        assertTrue(error("federation:\n  max_share: 0\n").contains("found 0"));
    }

    @Test
    void wrongTypesAreReported() {
        String msg = error("training:\n  batch_size: many\n");
        assertTrue(msg.contains("training.batch_size"), msg);
        assertEquals("run.yaml: training.batch_size has the wrong type: expected a whole number, found 'many' (line 2)", msg);
        msg = error("federation:\n  client_paths: {a: 1}\n");
        assertTrue(msg.startsWith("run.yaml: federation.client_paths has the wrong type: expected a list, found a mapping"), msg);
    }

    @Test
    void impossibleCombinationsAreRejected() {
        assertTrue(error("training:\n  local_steps: 5\n  local_epochs: 1\n").contains("exclusive"));
        assertTrue(error("data:\n  format: npz\n").contains("data.path is required"));
        assertTrue(error("data:\n  format: imagefolder\n  path: x\nfederation:\n  partition: folders\n  clients: 2\n  client_paths: [a]\n")
                .contains("one folder per client"));
        assertTrue(error("federation:\n  partition: folders\n  clients: 1\n  client_paths: [a]\n").contains("imagefolder"));
    }

    @Test
    void malformedYamlIsReportedWithLine() {
        String msg = error("training:\n  batch_size: [1,\n");
        assertTrue(msg.startsWith("run.yaml:"), msg);
    }

    @Test
    void resolvedConfigRoundTrips(@TempDir Path dir) throws Exception {
        RunConfig c = ConfigIO.parse("seed: 3\nfederation:\n  clients: 3\nstrategy:\n  name: median\n", "run.yaml");
        Path f = dir.resolve("config.resolved.yaml");
        ConfigIO.write(c, f);
        RunConfig back = ConfigIO.read(f);
        assertEquals(c, back);
        assertTrue(Files.readString(f).contains("local_steps: 10"));
    }

    @Test
    void jsonIsAccepted() {
        RunConfig c = ConfigIO.parse("{\"seed\": 5, \"training\": {\"batch_size\": 8}}", "run.json");
        assertEquals(5L, c.seed());
        assertEquals(8, c.training().batchSize());
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigIO.read(Path.of("/nonexistent/run.yaml")));
        assertTrue(e.getMessage().contains("/nonexistent/run.yaml"));
    }

    @Test
    void everyKeyIsDescribed() {
        String keys = ConfigIO.describeKeys();
        assertTrue(keys.contains("training.local_steps"));
        assertTrue(keys.contains("federation.average_discriminator"));
        assertFalse(keys.lines().anyMatch(l -> l.trim().matches("[a-z_.]+")), keys);
    }

    @Test
    void treesAndFilesBindWithTheSameErrorsAsConfigText(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.yaml"), "outer:\n  training: {batch_size: 0}\n  bad: [1\n");
        ConfigException syntax = assertThrows(ConfigException.class, () -> ConfigIO.readTree(f, "thing file"));
        assertTrue(syntax.getMessage().startsWith(f + ": not valid YAML/JSON (line "), syntax.getMessage());
        assertEquals(dir.resolve("none.yaml") + ": thing file not found",
                assertThrows(ConfigException.class, () -> ConfigIO.readTree(dir.resolve("none.yaml"), "thing file")).getMessage());

        var node = ConfigIO.yaml().readTree("training: {batch_size: 0}\n");
        assertEquals("x.yaml: training.batch_size must be in [1, 4096], found 0",
                assertThrows(ConfigException.class, () -> ConfigIO.fromTree(node, "x.yaml")).getMessage());
        var typo = ConfigIO.yaml().readTree("{data: {format: phantom}, trainig: {}}");
        assertTrue(assertThrows(ConfigException.class, () -> ConfigIO.bind(typo, RunConfig.class, "x.yaml", "run"))
                .getMessage().startsWith("x.yaml: unknown key 'run.trainig'; allowed keys here: "));
        assertEquals(ConfigIO.parse("seed: 3\n", "t"), ConfigIO.fromTree(ConfigIO.yaml().readTree("seed: 3\n"), "t"));
    }
}
