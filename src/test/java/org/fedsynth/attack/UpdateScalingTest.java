package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.fl.client.UpdateBehaviour;
import org.junit.jupiter.api.Test;

/** attack.update_scale: the sent delta is gamma times the trained one. */
class UpdateScalingTest {

    private static ModelWeights weights(float... v) {
        return new ModelWeights(List.of(new Tensor("conv.weight", new long[] {v.length - 1}, java.util.Arrays.copyOf(v, v.length - 1)),
                new Tensor("bn.runningVar", new long[] {1}, new float[] {v[v.length - 1]})));
    }

    private static ClientUpdate update(int round, ModelWeights g, ModelWeights d) {
        return new ClientUpdate(3, round, g, d, 10, new LocalStats(1, 2, 3, 4, 5));
    }

    @Test
    void theSentDeltaIsGammaTimesTheTrainedDelta() {
        ModelWeights global = weights(1f, -2f, 0.5f, 1f);
        ModelWeights trained = weights(1.5f, -2.25f, 0.5f, 0.4f);
        ClientUpdate sent = new UpdateScaling(4.0, 2).apply(update(2, trained, null), global, null);
        float[] s = sent.generator().get("conv.weight").data();
        float[] t = trained.get("conv.weight").data();
        float[] g = global.get("conv.weight").data();
        for (int i = 0; i < s.length; i++) {
            assertEquals(4.0 * (t[i] - g[i]), s[i] - g[i], 1e-6, "element " + i);
        }
        assertEquals(0.4f, sent.generator().get("bn.runningVar").data()[0], "running statistics are sent as trained");
        assertEquals(10, sent.samples());
        assertEquals(new LocalStats(1, 2, 3, 4, 5), sent.stats());
        assertNull(sent.discriminator());
    }

    @Test
    void scalesAnAveragedDiscriminatorAndWaitsForTheStartRound() {
        ModelWeights global = weights(0f, 0f, 1f);
        ModelWeights trained = weights(1f, 2f, 1f);
        UpdateScaling scaling = new UpdateScaling(0.5, 3);
        ClientUpdate early = update(2, trained, trained);
        assertSame(early, scaling.apply(early, global, global), "before start_round untouched");
        ClientUpdate sent = scaling.apply(update(3, trained, trained), global, global);
        assertArrayEquals(new float[] {0.5f, 1f}, sent.generator().get("conv.weight").data());
        assertArrayEquals(new float[] {0.5f, 1f}, sent.discriminator().get("conv.weight").data());
    }

    @Test
    void configuredInTheAttackSectionAndValidated() {
        AttackSpec spec = AttackSpec.fromMap(Map.of("malicious", List.of(1), "update_scale", 5.0));
        assertEquals(5.0, spec.updateScale());
        assertEquals(1.0, AttackSpec.fromMap(Map.of()).updateScale(), "off by default");
        for (Object bad : List.of(0.0, -1.0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttackSpec.fromMap(Map.of("update_scale", bad)));
            assertTrue(e.getMessage().contains("attack.update_scale") && e.getMessage().contains(String.valueOf(bad))
                    && e.getMessage().contains("> 0"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttackSpec.fromMap(Map.of("update_scale", "big")));
        assertTrue(e.getMessage().contains("attack.update_scale") && e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void onlyMaliciousClientsGetTheBehaviours() {
        Trigger trig = Trigger.build(TriggerSpec.defaults(), 16, 1);
        AttackPlan plan = AttackSpec.fromMap(Map.of("malicious", List.of(1), "update_scale", 2.0)).resolve(3, 0);
        assertTrue(plan.behavioursFor(0, trig).isEmpty());
        ClientBehaviours mal = plan.behavioursFor(1, trig);
        assertEquals(2, mal.all().size());
        assertInstanceOf(PoisonData.class, mal.all().get(0));
        assertEquals(new UpdateScaling(2.0, 1), mal.all().get(1));
        assertEquals(1, AttackSpec.fromMap(Map.of("malicious", List.of(1))).resolve(3, 0).behavioursFor(1, trig).all().size(),
                "no scaling at gamma 1");
        AttackPlan site = AttackSpec.fromMap(Map.of("update_scale", 3.0)).forSite(4);
        assertEquals(Set.of(4), site.malicious());
        assertTrue(site.behavioursFor(4, trig).all().stream().anyMatch(b -> b instanceof UpdateBehaviour));
    }
}
