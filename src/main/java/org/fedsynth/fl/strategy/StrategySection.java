package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.plugin.Plugin;
import org.fedsynth.plugin.PluginRegistry;
import org.fedsynth.plugin.SettingsBinder;

/**
 * A config's {@code strategy} section, typed: the strategy plug-in's name, its settings record and
 * the defense wrapper's settings ({@code clip_bound}/{@code noise_sigma}, accepted beside any
 * strategy's keys).
 *
 * @param name the strategy's registered name (lower case)
 * @param settings its settings
 * @param wrapper the defense wrapper's settings (inactive by default)
 */
public record StrategySection(String name, StrategySettings settings, ClipSettings wrapper) {

    /** Checks that every part is present. */
    public StrategySection {
        if (name == null || settings == null || wrapper == null) {
            throw new IllegalArgumentException("a strategy section needs a name, settings and wrapper settings");
        }
    }

    /** The strategy these settings describe, wrapped in {@link NormClipping} when the wrapper is active. */
    public AggregationStrategy create() {
        return wrapper.wrap(settings.create());
    }

    /** The detection warm-up of the strategy ({@link StrategySettings#detectionWarmup()}). */
    public int detectionWarmup() {
        return settings.detectionWarmup();
    }

    /** The keys a strategy accepts: its own, then the wrapper's. */
    public static List<String> keys(String name) {
        Plugin p = plugin(name);
        List<String> out = new ArrayList<>(SettingsBinder.keys(p.settings()));
        out.addAll(SettingsBinder.keys(PluginRegistry.only(PluginRegistry.WRAPPER).settings()));
        return out;
    }

    /**
     * Binds a whole section: {@code name} picks the strategy (case-insensitive), its keys go to its
     * settings record, {@code clip_bound}/{@code noise_sigma} to the wrapper's. Unknown names or keys,
     * wrong types and out-of-range values are errors naming {@code strategy.<key>}, the value and what
     * is allowed.
     */
    public static StrategySection bind(JsonNode section) {
        List<String> names = PluginRegistry.names(PluginRegistry.STRATEGY);
        if (section == null || !section.isObject() || !section.has("name")) {
            throw new IllegalArgumentException("strategy.name is required, one of " + names);
        }
        JsonNode n = section.get("name");
        if (!n.isTextual()) {
            throw new IllegalArgumentException("strategy.name must be one of " + names + ", found " + n);
        }
        Plugin p = plugin(n.asText());
        Plugin w = PluginRegistry.only(PluginRegistry.WRAPPER);
        List<String> own = SettingsBinder.keys(p.settings());
        List<String> wrapperKeys = SettingsBinder.keys(w.settings());
        ObjectNode mine = JsonNodeFactory.instance.objectNode();
        ObjectNode wrap = JsonNodeFactory.instance.objectNode();
        ObjectNode given = JsonNodeFactory.instance.objectNode();
        if (section.has("preset")) {
            given.setAll(StrategyPresets.keys(p.name(), section.get("preset"))); // explicit keys below override
        }
        section.fields().forEachRemaining(e -> given.set(e.getKey(), e.getValue()));
        Iterator<Map.Entry<String, JsonNode>> it = given.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("name") || e.getKey().equals("preset")) {
                continue;
            }
            if (own.contains(e.getKey())) {
                mine.set(e.getKey(), e.getValue());
            } else if (wrapperKeys.contains(e.getKey())) {
                wrap.set(e.getKey(), e.getValue());
            } else {
                throw new IllegalArgumentException("strategy." + e.getKey() + " is not a parameter of " + p.name()
                        + "; allowed: " + keys(p.name()));
            }
        }
        StrategySettings s = (StrategySettings) bindOver(p.defaults(), mine);
        ClipSettings c = (ClipSettings) bindOver(w.defaults(), wrap);
        return new StrategySection(p.name(), s, c);
    }

    /** Binds {@code given} over the defaults: absent keys keep their default values. */
    private static Record bindOver(Record defaults, ObjectNode given) {
        if (given.isEmpty()) {
            return defaults;
        }
        ObjectNode merged = SettingsBinder.toTree(defaults);
        merged.setAll(given);
        return SettingsBinder.bind(merged, defaults.getClass(), "strategy");
    }

    private static Plugin plugin(String name) {
        String key = name == null ? null : name.toLowerCase(Locale.ROOT);
        return PluginRegistry.find(PluginRegistry.STRATEGY, key).orElseThrow(() -> new IllegalArgumentException(
                "strategy.name must be one of " + PluginRegistry.names(PluginRegistry.STRATEGY) + ", found \"" + name
                        + "\""));
    }
}
