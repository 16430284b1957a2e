package org.fedsynth.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a sweep's run folder, {@code <variant>[__<key>=<value>...]__seed<S>}, encoded by
 * {@code fedsynth sweep} ({@link #folder}) and decoded by the report ({@link #parse}). An axis
 * appears under the last part of its dotted key ({@code attack.trigger.size} as {@code size}),
 * with every character of its value other than letters, digits, {@code .} and {@code -} written
 * as {@code _}.
 *
 * @param variant the variant name
 * @param axes swept settings, key to value, in order
 * @param seed the root seed, or null when the name has no seed part
 */
public record RunName(String variant, Map<String, String> axes, Long seed) {

    private static final String SEPARATOR = "__";
    private static final Pattern SEED = Pattern.compile("seed(-?\\d+)");

    /** Defensive copy. */
    public RunName {
        axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    }

    /** The folder name. */
    public String folder() {
        StringBuilder name = new StringBuilder(variant);
        axes.forEach((k, v) -> name.append(SEPARATOR).append(k.substring(k.lastIndexOf('.') + 1))
                .append('=').append(v.replaceAll("[^A-Za-z0-9.-]", "_")));
        if (seed != null) {
            name.append(SEPARATOR).append("seed").append(seed);
        }
        return name.toString();
    }

    /**
     * Decodes a folder name: the last part {@code seed<S>} is the seed, other parts after the first
     * with a {@code =} are axes, and the rest (joined by {@code __}) is the variant. A name that is
     * not a sweep's (e.g. {@code my-run}) is all variant, with no axes and no seed.
     */
    public static RunName parse(String folder) {
        String[] parts = folder.split(SEPARATOR);
        Map<String, String> axes = new LinkedHashMap<>();
        Long seed = null;
        List<String> variant = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            Matcher m = SEED.matcher(parts[i]);
            if (i > 0 && i == parts.length - 1 && m.matches()) {
                seed = Long.valueOf(m.group(1));
            } else if (i > 0 && parts[i].contains("=")) {
                axes.put(parts[i].substring(0, parts[i].indexOf('=')), parts[i].substring(parts[i].indexOf('=') + 1));
            } else {
                variant.add(parts[i]);
            }
        }
        return new RunName(String.join(SEPARATOR, variant), axes, seed);
    }
}
