package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.config.ConfigIO;

/**
 * Named sets of a strategy's keys ({@code strategy: {name: feddetect, preset: recommended}}): the preset's keys
 * are applied first, explicit keys beside {@code preset} override them. docs/CONFIG.md lists each expansion.
 */
public final class StrategyPresets {

    private static final Map<String, Map<String, String>> PRESETS = new LinkedHashMap<>();

    static {
        Map<String, String> fd = new LinkedHashMap<>();
        String common = "warmup: 1, tail: upper, memory: 0.8, min_ratio: 2.5, decay: 0.8, probe: fresh,"
                + " probe_samples: 32, clip_to_median: true, scale_by_share: true";
        String shipped = "features: [output_deviation, output_deviation_global, update_redundancy], " + common;
        String dec07 = "output_deviation, output_deviation_global, output_deviation_now, update_redundancy";
        String dec07Rest = common + ", corroborate: 1.5, exclude_flagged: true";
        String evening = "{features: [" + dec07 + ", update_angle], " + dec07Rest;
        fd.put("recommended", evening + ", pool_co_located: true}");
        fd.put("paper", "{}");
        // the shipped configuration of the evening of 2026-12-07 (before pool_co_located joined it)
        fd.put("recommended-2026-12-07-evening", evening + "}");
        // the shipped configuration of the morning of 2026-12-07 (before update_angle joined it)
        fd.put("recommended-2026-12-07", "{features: [" + dec07 + "], " + dec07Rest + "}");
        // the shipped configuration of 2026-12-04 (before exclude_flagged and output_deviation_now)
        fd.put("recommended-2026-12-04", "{" + shipped + ", corroborate: 1.5}");
        // the shipped configuration of 2026-12-03 (before corroborate), kept to reproduce its results
        fd.put("recommended-2026-12-03", "{" + shipped + "}");
        // the shipped configuration of 2026-12-02 (one window feature, fixed probe), kept to reproduce its results
        fd.put("output-window", "{warmup: 1, features: [output_deviation], tail: upper, memory: 0.5, min_ratio: 2.5,"
                + " decay: 0.8}");
        PRESETS.put("feddetect", fd);
    }

    private StrategyPresets() {}

    /** The preset names of {@code strategy} (empty when it has none). */
    public static List<String> names(String strategy) {
        return List.copyOf(PRESETS.getOrDefault(strategy, Map.of()).keySet());
    }

    /** What a preset expands to, as YAML flow text. */
    public static String expansion(String strategy, String preset) {
        String s = PRESETS.getOrDefault(strategy, Map.of()).get(preset);
        if (s == null) {
            throw new IllegalArgumentException("strategy.preset: " + strategy + " has no preset '" + preset + "'"
                    + (names(strategy).isEmpty() ? " (it has no presets)" : "; presets: " + names(strategy)));
        }
        return s;
    }

    /** The keys of a preset. */
    static ObjectNode keys(String strategy, JsonNode preset) {
        if (!preset.isTextual()) {
            throw new IllegalArgumentException("strategy.preset must be a name, one of " + names(strategy) + "; found "
                    + preset);
        }
        try {
            return (ObjectNode) ConfigIO.yaml().readTree(expansion(strategy, preset.asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("preset " + preset + " of " + strategy + " does not parse", e);
        }
    }
}
