package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a trigger patch goes in each image.
 *
 * <ul>
 *   <li>{@link Kind#BOTTOM_RIGHT} (the paper's default): the patch's bottom-right corner sits
 *       {@code margin = round(5 * res / 256)} pixels from the image's bottom and right edges
 *       (5 px at 256px, 3 at 128, 1 at 64 and 32); top-left {@code x = y = max(0, res - size - margin)}.
 *   <li>{@link Kind#RANDOM}: a fresh top-left corner per image, uniform over all positions where
 *       the patch fits ({@code rng.nextInt(res - size + 1)} for x, then y), drawn from the
 *       {@code Random} passed to {@link Trigger#apply}; so it is reproducible from that seed.
 *   <li>{@link Kind#FIXED}: an explicit top-left corner {@code [x, y]} (x = column, y = row).
 * </ul>
 *
 * @param kind the kind of location
 * @param x the top-left column for {@link Kind#FIXED} (0 otherwise)
 * @param y the top-left row for {@link Kind#FIXED} (0 otherwise)
 */
public record TriggerLocation(Kind kind, int x, int y) {

    /** The config field name used in error messages. */
    public static final String FIELD = "attack.trigger.location";

    /** The kinds of location. */
    public enum Kind {
        /** Bottom-right corner with a resolution-scaled margin. */
        BOTTOM_RIGHT,
        /** Uniformly random per image. */
        RANDOM,
        /** Explicit top-left coordinates. */
        FIXED
    }

    /** Validates coordinates. */
    public TriggerLocation {
        if (kind == null) {
            throw new IllegalArgumentException(FIELD + " must not be null");
        }
        if (kind == Kind.FIXED && (x < 0 || y < 0)) {
            throw new IllegalArgumentException(FIELD + " coordinates must be >= 0; found [" + x + ", " + y + "]");
        }
        if (kind != Kind.FIXED && (x != 0 || y != 0)) {
            throw new IllegalArgumentException(FIELD + " " + kind + " takes no coordinates; found [" + x + ", " + y + "]");
        }
    }

    /** The paper's default: bottom-right. */
    public static TriggerLocation bottomRight() {
        return new TriggerLocation(Kind.BOTTOM_RIGHT, 0, 0);
    }

    /** Uniformly random per image. */
    public static TriggerLocation random() {
        return new TriggerLocation(Kind.RANDOM, 0, 0);
    }

    /** Explicit top-left corner: column {@code x}, row {@code y}. */
    public static TriggerLocation at(int x, int y) {
        return new TriggerLocation(Kind.FIXED, x, y);
    }

    /** The bottom-right margin at resolution {@code res}: {@code round(5 * res / 256)}. */
    public static int bottomRightMargin(int res) {
        return (int) Math.round(5.0 * res / 256.0);
    }

    /** The binding of a config value ({@code attack.trigger.location}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TriggerLocation fromJson(Object raw) {
        return parse(raw, FIELD);
    }

    /**
     * Parses a config value: {@code "bottom-right"}, {@code "random"}, a two-element list
     * {@code [x, y]}, a string {@code "x,y"} / {@code "[x, y]"}, or a map {@code {x: .., y: ..}}.
     */
    public static TriggerLocation parse(Object raw, String field) {
        String bad = field + " must be one of bottom-right, random, or top-left coordinates [x, y]; found '"
                + raw + "'";
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "bottom-right", "bottom_right", "bottomright" -> {
                    return bottomRight();
                }
                case "random" -> {
                    return random();
                }
                default -> {
                    String inner = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
                    String[] parts = inner.split(",");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException(bad);
                    }
                    try {
                        return at(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(bad, e);
                    }
                }
            }
        }
        if (raw instanceof List<?> l && l.size() == 2) {
            return at(coord(l.get(0), bad), coord(l.get(1), bad));
        }
        if (raw instanceof int[] a && a.length == 2) {
            return at(a[0], a[1]);
        }
        if (raw instanceof Map<?, ?> m && m.size() == 2 && m.containsKey("x") && m.containsKey("y")) {
            return at(coord(m.get("x"), bad), coord(m.get("y"), bad));
        }
        throw new IllegalArgumentException(bad);
    }

    private static int coord(Object o, String bad) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short) {
            long v = ((Number) o).longValue();
            if (v >= 0 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw new IllegalArgumentException(bad);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BOTTOM_RIGHT -> "bottom-right";
            case RANDOM -> "random";
            case FIXED -> "[" + x + ", " + y + "]";
        };
    }
}
