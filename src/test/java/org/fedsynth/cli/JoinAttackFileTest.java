package org.fedsynth.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedsynth.attack.AttackPlan;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.UpdateScaling;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerSpec;
import org.fedsynth.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedsynth join --attack attack.yaml` reads update scaling like the simulation's attack section. */
class JoinAttackFileTest {

    @Test
    void aSiteAttackFileCarriesTheUpdateScale(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("attack.yaml");
        Files.writeString(f, "attack:\n  update_scale: 4.0\n  start_round: 2\n");
        AttackSpec spec = JoinCommand.attack(f);
        AttackPlan plan = spec.forSite(7);
        var behaviours = plan.behavioursFor(7, Trigger.build(TriggerSpec.defaults(), 16, 1));
        assertTrue(behaviours.all().contains(new UpdateScaling(4.0, 2)), behaviours.toString());

        Files.writeString(f, "update_scale: -2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> JoinCommand.attack(f));
        assertTrue(e.getMessage().contains("attack.update_scale") && e.getMessage().contains("-2"), e.getMessage());
    }
}
