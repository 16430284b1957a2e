package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The attack config section and malicious-client resolution. */
class AttackSpecTest {

    @Test
    void defaultsFromAnEmptySection() {
        AttackSpec spec = AttackSpec.fromMap(Map.of());

        assertEquals(AttackSpec.none(), spec);
        assertEquals(1.0, spec.poisonRate());
        assertEquals(1, spec.startRound());
        assertEquals(TriggerSpec.defaults(), spec.trigger());
        assertEquals(Set.of(), spec.resolveMalicious(10, 0));
    }

    @Test
    void readsEveryKey() {
        AttackSpec spec = AttackSpec.fromMap(Map.of("malicious", List.of(0, 3), "poison_rate", 0.5, "start_round", 4,
                "trigger", Map.of("type", "checkerboard", "size", 8)));

        assertEquals(MaliciousClients.ids(List.of(0, 3)), spec.malicious());
        assertEquals(0.5, spec.poisonRate());
        assertEquals(4, spec.startRound());
        assertEquals(TriggerType.CHECKERBOARD, spec.trigger().type());
        assertEquals(TriggerSize.pixels(8), spec.trigger().size());
    }

    @Test
    void explicitIdsAndActivity() {
        AttackSpec spec = new AttackSpec(MaliciousClients.ids(List.of(3, 1)), 1.0, 2, TriggerSpec.defaults());

        assertEquals(List.of(1, 3), List.copyOf(spec.resolveMalicious(5, 123)));
        assertTrue(spec.isActive(2, 1));
        assertTrue(spec.isActive(9, 3));
        assertFalse(spec.isActive(1, 1), "before start_round");
        assertFalse(spec.isActive(5, 0), "benign client");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.resolveMalicious(3, 0));
        assertTrue(e.getMessage().contains("attack.malicious") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void fractionIsDeterministicFromTheSeed() {
        AttackSpec spec = AttackSpec.fromMap(Map.of("malicious", 0.2));

        Set<Integer> a = spec.resolveMalicious(10, 42);
        Set<Integer> b = spec.resolveMalicious(10, 42);
        Set<Set<Integer>> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            seen.add(spec.resolveMalicious(10, seed));
        }

        assertEquals(a, b);
        assertEquals(2, a.size());
        a.forEach(id -> assertTrue(id >= 0 && id < 10));
        assertTrue(seen.size() > 1, "different seeds pick different clients");
        assertEquals(1, spec.resolveMalicious(3, 0).size(), "round(0.6) = 1");
        assertEquals(1, AttackSpec.fromMap(Map.of("malicious", 0.01)).resolveMalicious(10, 0).size(), "at least one");
        assertEquals(0, AttackSpec.fromMap(Map.of("malicious", 0.0)).resolveMalicious(10, 0).size());
        assertEquals(10, AttackSpec.fromMap(Map.of("malicious", 1.0)).resolveMalicious(10, 0).size());
        assertThrows(IllegalStateException.class, () -> spec.isActive(1, 0));
        AttackPlan plan = spec.resolve(10, 42);
        assertEquals(a, plan.malicious());
        for (int id = 0; id < 10; id++) {
            assertEquals(a.contains(id), plan.isActive(1, id));
        }
    }

    @Test
    void badValuesNameTheField() {
        assertMessage(Map.of("poison_rate", 1.2), "attack.poison_rate", "1.2");
        assertMessage(Map.of("start_round", 0), "attack.start_round", "0");
        assertMessage(Map.of("malicious", 2), "attack.malicious", "2");
        assertMessage(Map.of("malicious", 1.5), "attack.malicious", "1.5");
        assertMessage(Map.of("malicious", List.of(1, 1)), "attack.malicious", "[1, 1]");
        assertMessage(Map.of("malicious", List.of(-1)), "attack.malicious", "-1");
        assertMessage(Map.of("trigger", "pattern"), "attack.trigger", "pattern");
        assertMessage(Map.of("rate", 1), "attack.rate", "allowed");
        assertMessage(Map.of("trigger", Map.of("type", "patern")), "attack.trigger.type", "patern");
    }

    @Test
    void planValidatesLikeTheSpec() {
        assertThrows(IllegalArgumentException.class, () -> new AttackPlan(Set.of(1), -0.1, 1, TriggerSpec.defaults(), 1.0));
        assertNotEquals(new AttackPlan(Set.of(1), 1, 1, TriggerSpec.defaults(), 1.0),
                new AttackPlan(Set.of(2), 1, 1, TriggerSpec.defaults(), 1.0));
    }

    private static void assertMessage(Map<String, ?> map, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttackSpec.fromMap(map));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
        }
    }
}
