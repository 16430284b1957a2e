package org.fedsynth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedsynth.fl.strategy.FedDetectSettings;
import org.fedsynth.fl.strategy.StrategySection;
import org.junit.jupiter.api.Test;

class RunConfigStrategySettingsTest {

    @Test
    void typedAccessorBindsTheStoredSectionWhichStaysAsWritten() {
        RunConfig c = ConfigIO.parse("strategy: {name: feddetect, warmup: 2, features: [output_deviation]}\n", "run.yaml");
        StrategySection s = c.strategySettings();
        assertEquals(2, s.detectionWarmup());
        assertEquals(FedDetectSettings.defaults().withWarmup(2).withFeatures(java.util.List.of("output_deviation")),
                assertInstanceOf(FedDetectSettings.class, s.settings()));
        RunConfig again = ConfigIO.parse(ConfigIO.toYaml(c), "config.resolved.yaml");
        assertEquals(c.strategy(), again.strategy());
        assertEquals(3, again.strategy().size(), "defaults are not written into the stored section");
        assertEquals(0, RunConfig.defaults().strategySettings().detectionWarmup());
    }

    @Test
    void badSectionIsAConfigErrorNamingTheKey() {
        RunConfig c = ConfigIO.parse("strategy: {name: krum, fx: 1}\n", "run.yaml");
        var e = assertThrows(ConfigException.class, c::strategySettings);
        assertTrue(e.getMessage().startsWith("strategy.fx is not a parameter of krum; allowed: [f, m, clip_bound, noise_sigma]"),
                e.getMessage());
    }
}
