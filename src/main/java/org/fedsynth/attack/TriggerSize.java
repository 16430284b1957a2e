package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * The side of a square trigger patch: either a pixel count or a fraction of the image side.
 *
 * <p>Parsing rule ({@link #parse(Object, String)}): an integer {@code >= 1} (e.g. {@code 16},
 * {@code "16"}, {@code "16px"}, or {@code 16.0}) is a pixel count; a value below 1, or one written
 * with a decimal point and at most 1.0 (e.g. {@code 0.125}, {@code "1.0"}), is a fraction of the
 * image side; {@code "25%"} is the fraction 0.25. So {@code 1} is one pixel and {@code 1.0} is the
 * whole image. A fraction {@code f} becomes {@code max(1, round(f * resolution))} pixels.
 *
 * @param value the pixel count (integral, {@code >= 1}) or the fraction (in (0, 1])
 * @param fraction whether {@code value} is a fraction of the image side
 */
public record TriggerSize(double value, boolean fraction) {

    /** The config field name used in error messages. */
    public static final String FIELD = "attack.trigger.size";

    /** Validates the value against its kind. */
    public TriggerSize {
        if (fraction) {
            if (!(value > 0 && value <= 1)) {
                throw new IllegalArgumentException(FIELD + " as a fraction must be in (0, 1]; found " + value);
            }
        } else if (!(value >= 1) || value != Math.rint(value) || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(FIELD + " in pixels must be an integer >= 1; found " + value);
        }
    }

    /** A size of {@code px} pixels. */
    public static TriggerSize pixels(int px) {
        return new TriggerSize(px, false);
    }

    /** A size of {@code f} times the image side. */
    public static TriggerSize fractionOf(double f) {
        return new TriggerSize(f, true);
    }

    /**
     * The patch side in pixels at the given resolution.
     *
     * @throws IllegalArgumentException if the patch is larger than the image
     */
    public int pixelsAt(int resolution) {
        int px = fraction ? (int) Math.max(1, Math.round(value * resolution)) : (int) value;
        if (px > resolution) {
            throw new IllegalArgumentException(FIELD + " must not exceed the image side: found " + this
                    + " (" + px + " px) for " + resolution + "x" + resolution + " images");
        }
        return px;
    }

    /** The binding of a config value ({@code attack.trigger.size}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TriggerSize fromJson(Object raw) {
        return parse(raw, FIELD);
    }

    /**
     * Parses a config value: a number or a string (see the class comment).
     *
     * @param field the field name for error messages
     */
    public static TriggerSize parse(Object raw, String field) {
        String bad = field + " must be a pixel count (integer >= 1, e.g. 16 or \"16px\") or a fraction of the"
                + " image side in (0, 1] (e.g. 0.125 or \"12.5%\"); found '" + raw + "'";
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            long v = ((Number) raw).longValue();
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(bad);
            }
            return pixels((int) v);
        }
        if (raw instanceof Number n) {
            return fromDecimal(n.doubleValue(), bad);
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.endsWith("%")) {
                    double pct = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                    if (!(pct > 0 && pct <= 100)) {
                        throw new IllegalArgumentException(bad);
                    }
                    return fractionOf(pct / 100.0);
                }
                if (t.endsWith("px")) {
                    t = t.substring(0, t.length() - 2).trim();
                    if (!t.matches("\\d+")) {
                        throw new IllegalArgumentException(bad);
                    }
                }
                if (t.matches("\\d+")) {
                    long v = Long.parseLong(t);
                    if (v < 1 || v > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(bad);
                    }
                    return pixels((int) v);
                }
                return fromDecimal(Double.parseDouble(t), bad);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(bad, e);
            }
        }
        throw new IllegalArgumentException(bad);
    }

    private static TriggerSize fromDecimal(double d, String bad) {
        if (d > 0 && d <= 1) {
            return fractionOf(d);
        }
        if (d > 1 && d == Math.rint(d) && d <= Integer.MAX_VALUE) {
            return pixels((int) d);
        }
        throw new IllegalArgumentException(bad);
    }

    @Override
    public String toString() {
        return fraction ? value + " of the image side" : (int) value + " px";
    }
}
