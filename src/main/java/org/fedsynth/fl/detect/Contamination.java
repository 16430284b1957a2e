package org.fedsynth.fl.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import org.fedsynth.plugin.Spelling;

/**
 * How an isolation forest's scores become outlier flags (Liu, Ting and Zhou 2008; the setting of
 * scikit-learn's {@code contamination}, used by FedDetect in Jin and Li, Medical Image Analysis
 * 2023).
 *
 * <ul>
 *   <li>{@link #auto()}: flag scores strictly above 0.5 (the paper's rule; scikit-learn's
 *       {@code contamination="auto"});
 *   <li>{@link #fraction(double) fraction(q)}, {@code 0 < q <= 0.5}: scikit-learn's rule: the
 *       threshold is the {@code 100 (1 - q)}-th percentile of the scores of the fitted rows, with
 *       numpy's default linear interpolation, and scores strictly above it are flagged (about
 *       {@code q n} rows; fewer when scores tie).
 * </ul>
 */
@Spelling("auto or a number in (0, 0.5]")
public final class Contamination {

    private final double q; // NaN for auto

    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // binding goes through fromConfig, which validates
    private Contamination(double q) {
        this.q = q;
    }

    /** The "auto" rule: flag {@code s > 0.5}. */
    public static Contamination auto() {
        return new Contamination(Double.NaN);
    }

    /** The percentile rule for an expected outlier fraction {@code q} in {@code (0, 0.5]}. */
    public static Contamination fraction(double q) {
        if (!(q > 0 && q <= 0.5)) {
            throw new IllegalArgumentException("contamination must be \"auto\" or in (0, 0.5], found " + q);
        }
        return new Contamination(q);
    }

    /**
     * The rule a config names: {@code auto} or a number in {@code (0, 0.5]}; an error naming
     * {@code strategy.contamination} and the value otherwise.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Contamination fromConfig(JsonNode v) {
        if (v != null && v.isTextual() && v.asText().equals("auto")) {
            return auto();
        }
        if (v != null && v.isNumber() && v.asDouble() > 0 && v.asDouble() <= 0.5) {
            return fraction(v.asDouble());
        }
        String found = v == null || v.isNull() ? "null" : v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
        throw new IllegalArgumentException("strategy.contamination must be auto or in (0, 0.5], found " + found);
    }

    /** The config spelling: {@code "auto"} or the fraction. */
    @JsonValue
    public Object toConfig() {
        return isAuto() ? "auto" : (Object) q;
    }

    /** Whether this is the "auto" rule. */
    public boolean isAuto() {
        return Double.isNaN(q);
    }

    /** The fraction, or NaN for "auto". */
    public double fraction() {
        return q;
    }

    /** The threshold for these scores: 0.5 for "auto", else the {@code 100 (1 - q)}-th percentile. */
    public double threshold(double[] scores) {
        if (isAuto()) {
            return 0.5;
        }
        return percentile(scores, 100.0 * (1.0 - q));
    }

    /** Flags for these scores: {@code scores[i] > threshold(scores)}. */
    public boolean[] flag(double[] scores) {
        double t = threshold(scores);
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] > t;
        }
        return out;
    }

    /** numpy's {@code percentile(values, p)} with linear interpolation, {@code 0 <= p <= 100}. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = (s.length - 1) * p / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        double frac = pos - lo;
        return s[lo] + frac * (s[hi] - s[lo]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contamination c && Double.compare(c.q, q) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(q);
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : String.format(Locale.ROOT, "%s", q);
    }
}
