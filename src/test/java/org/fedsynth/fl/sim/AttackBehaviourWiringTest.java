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
        return ConfigIO.parse("""
                seed: 5
                data: {format: phantom, phantom_count: 48, resolution: 32}
                federation: {clients: 3, rounds: 1}
                training: {batch_size: 8, local_steps: 1, base_width: 16}
                attack: %s
                """.formatted(attack), "test.yaml");
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
