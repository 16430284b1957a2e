package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import org.fedsynth.config.ConfigIO;
import org.junit.jupiter.api.Test;

/** {@code strategy.preset}: one name for the shipped configuration; explicit keys override it. */
class StrategyPresetsTest {

    private static StrategySection bind(String yaml) throws Exception {
        JsonNode n = ConfigIO.yaml().readTree(yaml);
        return StrategySection.bind(n);
    }

    @Test
    void recommendedIsTheShippedConfigurationAndKeysBesideItOverride() throws Exception {
        StrategySection preset = bind("{name: feddetect, preset: recommended}");
        StrategySection explicit = bind("{name: feddetect, warmup: 1, features: [output_deviation,"
                + " output_deviation_global, output_deviation_now, update_redundancy, update_angle], tail: upper, memory: 0.8,"
                + " min_ratio: 2.5, decay: 0.8, probe: fresh, probe_samples: 32, clip_to_median: true,"
                + " scale_by_share: true, corroborate: 1.5, exclude_flagged: true, pool_co_located: true}");
        assertEquals(explicit.settings(), preset.settings());
        assertEquals(((FedDetectSettings) explicit.settings()).withPoolCoLocated(false),
                bind("{name: feddetect, preset: recommended-2026-12-07-evening}").settings(),
                "the shipped configuration of the evening of 2026-12-07 (before pool_co_located) stays reproducible by name");
        assertEquals(((FedDetectSettings) explicit.settings()).withPoolCoLocated(false).withFeatures(java.util.List.of("output_deviation",
                        "output_deviation_global", "output_deviation_now", "update_redundancy")),
                bind("{name: feddetect, preset: recommended-2026-12-07}").settings(),
                "the shipped configuration of the morning of 2026-12-07 (before update_angle) stays reproducible by name");
        FedDetectSettings dec04 = ((FedDetectSettings) explicit.settings()).withPoolCoLocated(false).withExcludeFlagged(false)
                .withFeatures(java.util.List.of("output_deviation", "output_deviation_global", "update_redundancy"));
        assertEquals(dec04, bind("{name: feddetect, preset: recommended-2026-12-04}").settings(),
                "the shipped configuration of 2026-12-04 stays reproducible by name");
        assertEquals(dec04.withCorroborate(null),
                bind("{name: feddetect, preset: recommended-2026-12-03}").settings(),
                "the shipped configuration of 2026-12-03 (before corroborate) stays reproducible by name");
        StrategySection over = bind("{name: feddetect, preset: recommended, decay: 0.5, clip_bound: 3.0}");
        assertEquals(((FedDetectSettings) explicit.settings()).withDecay(0.5), over.settings());
        assertEquals(3.0, over.wrapper().clipBound());
        assertEquals(bind("{name: feddetect}").settings(), bind("{name: feddetect, preset: paper}").settings());
        assertNotEquals(preset.settings(), bind("{name: feddetect, preset: paper}").settings());
        assertEquals(bind("{name: feddetect, warmup: 1, features: [output_deviation], tail: upper, memory: 0.5,"
                + " min_ratio: 2.5, decay: 0.8}").settings(), bind("{name: feddetect, preset: output-window}").settings(),
                "the shipped configuration of 2026-12-02 stays reproducible by name");
    }

    @Test
    void anUnknownPresetNamesTheStrategyAndItsPresets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bind("{name: feddetect, preset: recomended}"));
        assertTrue(e.getMessage().contains("strategy.preset") && e.getMessage().contains("[recommended, paper, recommended-2026-12-07-evening, recommended-2026-12-07, recommended-2026-12-04, recommended-2026-12-03, output-window]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bind("{name: median, preset: recommended}"));
        assertTrue(e.getMessage().contains("no presets"), e.getMessage());
    }
}
