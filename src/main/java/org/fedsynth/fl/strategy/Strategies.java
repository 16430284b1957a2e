package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.plugin.PluginRegistry;

/**
 * Builds the aggregation strategies compared in Jin and Li (Medical Image Analysis 2023) from a
 * config section such as
 * <pre>
 * strategy: {name: feddetect, warmup: 1, features: [output_deviation], clip_bound: 5.0}
 * </pre>
 * A thin facade over {@link StrategySection#bind}: the names and keys are those of the
 * {@code strategy} and {@code wrapper} plug-ins in {@link PluginRegistry}, bound by Jackson into
 * their settings records (docs/CONFIG.md lists them, generated from those records).
 */
public final class Strategies {

    /** Turns a map into a tree as written: null values stay (the shared mapper would drop them). */
    private static final ObjectMapper TREE = new ObjectMapper();

    private Strategies() {}

    /** The known strategy names. */
    public static List<String> names() {
        return PluginRegistry.names(PluginRegistry.STRATEGY);
    }

    /** The parameters a strategy accepts (its own, then {@code clip_bound} and {@code noise_sigma}). */
    public static List<String> parameters(String name) {
        return StrategySection.keys(name);
    }

    /** The typed settings of a whole section (as a YAML/JSON mapper reads it). */
    public static StrategySection settings(JsonNode section) {
        return StrategySection.bind(section);
    }

    /** Builds from a whole section: the {@code name} entry picks the strategy, the rest are parameters. */
    public static AggregationStrategy create(Map<String, ?> section) {
        if (section == null) {
            return StrategySection.bind(null).create();
        }
        return StrategySection.bind(TREE.valueToTree(section)).create();
    }

    /**
     * Builds the named strategy from its parameters (missing ones take their defaults).
     *
     * @param name one of {@link #names()}
     * @param params parameter values as a YAML/JSON mapper produces them (numbers, strings, lists, null)
     */
    public static AggregationStrategy create(String name, Map<String, ?> params) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("name", name);
        if (params != null) {
            section.putAll(params);
        }
        return create(section);
    }
}
