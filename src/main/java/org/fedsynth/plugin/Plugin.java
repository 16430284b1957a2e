package org.fedsynth.plugin;

/**
 * One plug-in: its kind ({@code strategy}, {@code wrapper}, {@code feature}, {@code attack},
 * {@code trigger}), the name a config uses for it, the record type of its settings and their
 * defaults, and a one-line summary for {@code train --help} and docs/CONFIG.md.
 *
 * <p>The settings record is the plug-in's whole configuration surface: Jackson binds it (through
 * {@link SettingsBinder}), its canonical constructor validates it, each component carries a
 * {@code @JsonPropertyDescription}, and the record itself builds the plug-in's class (for a
 * strategy, {@code StrategySettings.create()}). A plug-in without keys (for example a detector
 * feature) has {@code settings == null}; {@code instance} is then the ready object, otherwise
 * {@code null}.
 *
 * @param kind the plug-in kind, one of {@link PluginRegistry#KINDS}
 * @param name the config spelling, unique within its kind
 * @param settings the settings record type, or {@code null} when the plug-in has no keys
 * @param defaults the settings with every key at its default, or {@code null} with no settings
 * @param instance the plug-in object for a plug-in without settings, else {@code null}
 * @param summary one line saying what the plug-in does
 */
public record Plugin(String kind, String name, Class<? extends Record> settings, Record defaults, Object instance,
        String summary) {

    /** Checks that the parts fit together. */
    public Plugin {
        if (kind == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a plug-in needs a kind and a name");
        }
        if ((settings == null) != (defaults == null)) {
            throw new IllegalArgumentException("plug-in " + kind + "/" + name + ": settings and defaults go together");
        }
        if (settings != null && !settings.isInstance(defaults)) {
            throw new IllegalArgumentException("plug-in " + kind + "/" + name + ": defaults are not a " + settings.getSimpleName());
        }
    }

    /** A plug-in configured by a settings record; {@code defaults} fixes the record type. */
    public static Plugin of(String kind, String name, Record defaults, String summary) {
        return new Plugin(kind, name, defaults.getClass(), defaults, null, summary);
    }

    /** A plug-in without keys, given as its ready instance (a detector feature, for example). */
    public static Plugin keyless(String kind, String name, Object instance, String summary) {
        return new Plugin(kind, name, null, null, instance, summary);
    }
}
