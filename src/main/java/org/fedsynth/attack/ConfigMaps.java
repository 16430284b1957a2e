package org.fedsynth.attack;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small helpers for reading untyped config maps (as Jackson/YAML produce) with precise errors. */
final class ConfigMaps {

    private ConfigMaps() {
    }

    /** Rejects keys outside {@code allowed}, naming the key, the section and the allowed keys. */
    static void checkKeys(Map<String, ?> map, Set<String> allowed, String section) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(section + "." + k + " is not a known setting; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    static double number(Object raw, String field) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be a number; found '" + raw + "'", e);
            }
        }
        throw new IllegalArgumentException(field + " must be a number; found '" + raw + "'");
    }

    static long integer(Object raw, String field) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s && s.trim().matches("-?\\d+")) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be an integer; found '" + raw + "'", e);
            }
        }
        throw new IllegalArgumentException(field + " must be an integer; found '" + raw + "'");
    }
}
