package org.fedsynth.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.fedsynth.fl.strategy.StrategySettings;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

    /** A settings record of a kind the registry is open for. */
    record DemoAttackSettings(@com.fasterxml.jackson.annotation.JsonPropertyDescription("a factor") double scale) {}

    @Test
    void listsTheShippedPluginsByKindAndName() {
        assertEquals(List.of("fedavg", "median", "trimmed_mean", "krum", "bulyan", "geometric_median", "flame", "foolsgold", "feddetect"),
                PluginRegistry.names(PluginRegistry.STRATEGY));
        assertEquals(List.of("clip"), PluginRegistry.names(PluginRegistry.WRAPPER));
        assertEquals(11, PluginRegistry.plugins(PluginRegistry.FEATURE).size());
        for (Plugin p : PluginRegistry.plugins(PluginRegistry.STRATEGY)) {
            assertInstanceOf(StrategySettings.class, p.defaults(), p.name());
        }
        assertEquals(FedDetectSettings.defaults(), PluginRegistry.find("strategy", "feddetect").orElseThrow().defaults());
        assertTrue(PluginRegistry.find("strategy", "fldetector").isEmpty());
    }

    @Test
    void isOpenForAttacksAndTriggersAndRefusesDuplicatesAndUnknownKinds() {
        PluginRegistry.register(Plugin.of(PluginRegistry.ATTACK, "demo_scale_test", new DemoAttackSettings(2.0), "a test attack"));
        try {
            registeredAttackIsListed();
        } finally {
            PluginRegistry.remove(PluginRegistry.ATTACK, "demo_scale_test");
        }
        assertTrue(PluginRegistry.find(PluginRegistry.ATTACK, "demo_scale_test").isEmpty());
    }

    private static void registeredAttackIsListed() {
        assertEquals(List.of("demo_scale_test"), PluginRegistry.names(PluginRegistry.ATTACK).stream()
                .filter(n -> n.equals("demo_scale_test")).toList());
        assertTrue(PluginDocs.rows().stream().anyMatch(r -> "scale".equals(r.key()) && r.kind().equals("attack")));
        assertThrows(IllegalArgumentException.class, () -> PluginRegistry.register(
                Plugin.of(PluginRegistry.ATTACK, "demo_scale_test", new DemoAttackSettings(1.0), "again")));
        assertThrows(IllegalArgumentException.class, () -> PluginRegistry.register(
                Plugin.of("defence", "x", new DemoAttackSettings(1.0), "bad kind")));
    }
}
