package org.fedsynth.fl.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.fedsynth.attack.PoisonData;
import org.fedsynth.attack.UpdateScaling;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.client.ClientBehaviours;
import org.junit.jupiter.api.Test;

/** `fedsynth train` gives malicious clients the attack's behaviours, update scaling included. */
class AttackBehaviourWiringTest {

    private static RunConfig config(String attack) {
        return config(3, attack, "{name: fedavg}");
    }

    private static RunConfig config(int clients, String attack, String strategy) {
        return ConfigIO.parse("""
                seed: 5
                data: {format: phantom, phantom_count: 48, resolution: 32}
                federation: {clients: %d, rounds: 1}
                training: {batch_size: 8, local_steps: 1, base_width: 16}
                attack: %s
                strategy: %s
                """.formatted(clients, attack, strategy), "test.yaml");
    }

    @Test
    void moreColludersThanTheStrategyAssumesAreRefusedWithTheKeyAndTheFix() {
        record Case(int clients, String attack, String strategy, String says) {}
        for (Case c : java.util.List.of(
                new Case(4, "{malicious: [0, 1]}", "{name: median}", "at most floor((n - 1) / 2) = 1"),
                new Case(10, "{malicious: [0, 1, 2, 3, 4]}", "{name: feddetect}", "honest majority"),
                new Case(10, "{malicious: [0, 1, 2, 3, 4, 5]}", "{name: krum, f: 1}", "at most floor((n - 1) / 2) = 4"),
                new Case(4, "{malicious: [0, 1]}", "{name: trimmed_mean, beta: 0.25}", "honest majority"),
                new Case(4, "{malicious: [0, 1], dba: true}", "{name: geometric_median}", "honest majority"))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Simulations.setup(config(c.clients(), c.attack(), c.strategy()), SimulationEndToEndTest.QUIET), c.toString());
            assertTrue(e.getMessage().contains("attack.malicious") && e.getMessage().contains(c.says()), e.getMessage());
        }
        // FedAvg assumes nothing, and a strategy within its assumption runs
        assertDoesNotThrow(() -> Simulations.setup(config(4, "{malicious: [0, 1, 2]}", "{name: fedavg}"), SimulationEndToEndTest.QUIET));
        assertDoesNotThrow(() -> Simulations.setup(config(10, "{malicious: [0, 1, 2, 3]}", "{name: krum, f: 1}"), SimulationEndToEndTest.QUIET));
    }

    @Test
    void impossibleAttacksAreConfigErrorsOfTheRun() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Simulations.setup(config(4, "{malicious: [2], dba: true}", "{name: fedavg}"), SimulationEndToEndTest.QUIET));
        assertTrue(e.getMessage().contains("attack.dba"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> Simulations.setup(config(1, "{malicious: [0], mimicry: 1.0}", "{name: fedavg}"), SimulationEndToEndTest.QUIET));
        assertTrue(e.getMessage().contains("attack.mimicry"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> Simulations.setup(config(3, "{malicious: [0], norm_bound: announced}", "{name: fedavg}"), SimulationEndToEndTest.QUIET));
        assertTrue(e.getMessage().contains("strategy.clip_bound"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> Simulations.setup(config(3, "{malicious: [0], target_classes: [5]}", "{name: fedavg}"), SimulationEndToEndTest.QUIET));
        assertTrue(e.getMessage().contains("attack.target_classes"), e.getMessage());
    }

    @Test
    void anAnnouncedNormBoundIsTheStrategysClipBound() throws Exception {
        FederatedSimulation.Setup setup = Simulations.setup(config(3, "{malicious: [0], norm_bound: announced}",
                "{name: median, clip_bound: 2.5}"), SimulationEndToEndTest.QUIET);
        assertTrue(setup.clients().behaviours(0).all().stream().anyMatch(b -> b.equals(
                new org.fedsynth.attack.NormProjection(2.5, org.fedsynth.attack.AttackSchedule.from(1)))));
    }

    @Test
    void sybilsTrainOnTheFirstAttackersDataAndStreamsAndSendTheSameUpdate() throws Exception {
        RunConfig cfg = config(4, "{malicious: [1, 3], sybils: true}", "{name: fedavg}");
        FederatedSimulation.Setup setup = Simulations.setup(cfg, SimulationEndToEndTest.QUIET);
        assertSame(setup.clients().forRound(1, 1), setup.clients().forRound(1, 3));
        assertNotSame(setup.clients().forRound(1, 0), setup.clients().forRound(1, 1));
        assertEquals(1, setup.clients().streamOf(3));
        assertEquals(2, setup.clients().streamOf(2));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sybils");
        Simulations.train(cfg, dir, false, SimulationEndToEndTest.QUIET, false);
        double[] lossG = new double[4];
        for (String line : java.nio.file.Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (n.path("type").asText().equals("client")) {
                lossG[n.path("client").asInt()] = n.path("lossG").asDouble();
            }
        }
        assertEquals(lossG[1], lossG[3], 0.0, "identical training: " + java.util.Arrays.toString(lossG));
        assertNotEquals(lossG[0], lossG[2], "honest clients differ");
    }

    @Test
    void maliciousClientsPoisonAndScale() throws Exception {
        FederatedSimulation.Setup setup = Simulations.setup(config("{malicious: [1], update_scale: 3.0, start_round: 2}"),
                SimulationEndToEndTest.QUIET);
        assertTrue(setup.clients().behaviours(0).isEmpty());
        ClientBehaviours mal = setup.clients().behaviours(1);
        assertInstanceOf(PoisonData.class, mal.all().get(0));
        assertEquals(new UpdateScaling(3.0, 2), mal.all().get(1));
        assertSame(setup.clients().forRound(2, 1), setup.clients().forRound(2, 1), "the client's own data");
    }

    @Test
    void aBadScaleIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> org.fedsynth.fl.server.RunParts.attack(config("{update_scale: 0}")));
        assertTrue(e.getMessage().contains("attack.update_scale"), e.getMessage());
    }
}
