package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.detect.Contamination;

/**
 * Builds the aggregation strategies compared in Jin and Li (Medical Image Analysis 2023) from a
 * config section such as
 * <pre>
 * strategy: {name: feddetect, trees: 100, contamination: auto, warmup: 10, decay: 0.9,
 *            statistic: mean, block_after: null, features: [lossG]}
 * </pre>
 * read into a {@code Map<String, Object>} (for example by Jackson's YAML mapper).
 *
 * <p>Names and parameters (defaults in parentheses):
 * <ul>
 *   <li>{@code fedavg}: none;
 *   <li>{@code median}: none;
 *   <li>{@code trimmed_mean}: {@code beta} in [0, 0.5) (0.1);
 *   <li>{@code krum}: {@code f} >= 0 (1), {@code m} >= 1 (1; m > 1 is Multi-Krum);
 *   <li>{@code feddetect}: {@code trees} >= 1 (100), {@code max_samples} >= 1 or {@code auto}
 *       (auto = min(256, n)), {@code contamination} {@code auto} or in (0, 0.5] (auto),
 *       {@code warmup} >= 0 (10), {@code decay} in (0, 1] (0.9), {@code statistic} mean|last (mean),
 *       {@code block_after} >= 1 or null (null), {@code features} non-empty list from
 *       [lossG, lossD, update_norm, update_distance, krum_score, output_deviation] ([lossG]), {@code min_separation} > 0 or null (null);
 *   <li>every strategy also takes {@code clip_bound} (> 0 or null; null) and {@code noise_sigma}
 *       (>= 0; 0): when {@code clip_bound} is set or {@code noise_sigma > 0} the strategy is wrapped
 *       in {@link NormClipping} (an unset bound means no clipping, noise only).
 * </ul>
 * Unknown names or parameters, wrong types and out-of-range values are rejected with a message
 * naming the field, the bad value and what is allowed.
 */
public final class Strategies {

    private static final List<String> COMMON = List.of("clip_bound", "noise_sigma");

    private static final Map<String, List<String>> PARAMS = new LinkedHashMap<>();

    static {
        PARAMS.put("fedavg", List.of());
        PARAMS.put("median", List.of());
        PARAMS.put("trimmed_mean", List.of("beta"));
        PARAMS.put("krum", List.of("f", "m"));
        PARAMS.put("feddetect", List.of("trees", "max_samples", "contamination", "warmup", "decay", "statistic",
                "block_after", "features", "min_separation", "tail", "memory", "min_ratio", "probe_samples"));
    }

    private Strategies() {}

    /** The known strategy names. */
    public static List<String> names() {
        return List.copyOf(PARAMS.keySet());
    }

    /** The parameters a strategy accepts (its own, then {@code clip_bound} and {@code noise_sigma}). */
    public static List<String> parameters(String name) {
        List<String> own = PARAMS.get(name);
        if (own == null) {
            throw unknownName(name);
        }
        List<String> out = new ArrayList<>(own);
        out.addAll(COMMON);
        return out;
    }

    /** Builds from a whole section: the {@code name} entry picks the strategy, the rest are parameters. */
    public static AggregationStrategy create(Map<String, ?> section) {
        if (section == null || !section.containsKey("name")) {
            throw new IllegalArgumentException("strategy.name is required, one of " + names());
        }
        Object name = section.get("name");
        if (!(name instanceof String s)) {
            throw new IllegalArgumentException("strategy.name must be one of " + names() + ", found " + name);
        }
        Map<String, Object> params = new LinkedHashMap<>(section);
        params.remove("name");
        return create(s, params);
    }

    /**
     * Builds the named strategy from its parameters (missing ones take their defaults).
     *
     * @param name one of {@link #names()}
     * @param params parameter values as a YAML/JSON mapper produces them (numbers, strings, lists, null)
     */
    public static AggregationStrategy create(String name, Map<String, ?> params) {
        String key = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (key == null || !PARAMS.containsKey(key)) {
            throw unknownName(name);
        }
        Map<String, ?> p = params == null ? Map.of() : params;
        List<String> allowed = parameters(key);
        for (String k : p.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("strategy." + k + " is not a parameter of " + key
                        + "; allowed: " + allowed);
            }
        }
        AggregationStrategy s = switch (key) {
            case "fedavg" -> new FedAvg();
            case "median" -> new CoordinateMedian();
            case "trimmed_mean" -> new TrimmedMean(number(p, "beta", 0.1));
            case "krum" -> new Krum(integer(p, "f", 1), integer(p, "m", 1));
            case "feddetect" -> new FedDetect(fedDetectConfig(p));
            default -> throw unknownName(name);
        };
        Double clip = nullableNumber(p, "clip_bound", null);
        double sigma = number(p, "noise_sigma", 0.0);
        if (clip != null || sigma != 0.0) {
            s = new NormClipping(s, clip == null ? Double.POSITIVE_INFINITY : clip, sigma);
        }
        return s;
    }

    /** Reads FedDetect's parameters (defaults from {@link FedDetect.Config#defaults()}). */
    public static FedDetect.Config fedDetectConfig(Map<String, ?> p) {
        FedDetect.Config d = FedDetect.Config.defaults();
        int trees = integer(p, "trees", d.trees());
        Integer maxSamples = d.maxSamples();
        if (p.containsKey("max_samples") && !"auto".equals(p.get("max_samples"))) {
            maxSamples = nullableInteger(p, "max_samples", null, "an integer >= 1 or auto");
        }
        Contamination contamination = d.contamination();
        if (p.containsKey("contamination")) {
            Object v = p.get("contamination");
            if ("auto".equals(v)) {
                contamination = Contamination.auto();
            } else if (v instanceof Number num) {
                double q = num.doubleValue();
                if (!(q > 0 && q <= 0.5)) {
                    throw new IllegalArgumentException("strategy.contamination must be auto or in (0, 0.5], found " + v);
                }
                contamination = Contamination.fraction(q);
            } else {
                throw new IllegalArgumentException("strategy.contamination must be auto or in (0, 0.5], found "
                        + describe(v));
            }
        }
        int warmup = integer(p, "warmup", d.warmup());
        double decay = number(p, "decay", d.decay());
        FedDetect.Statistic statistic = d.statistic();
        if (p.containsKey("statistic")) {
            Object v = p.get("statistic");
            if ("mean".equals(v)) {
                statistic = FedDetect.Statistic.MEAN;
            } else if ("last".equals(v)) {
                statistic = FedDetect.Statistic.LAST;
            } else {
                throw new IllegalArgumentException("strategy.statistic must be one of [mean, last], found " + describe(v));
            }
        }
        Integer blockAfter = nullableInteger(p, "block_after", d.blockAfter(), "an integer >= 1 or null");
        List<FedDetect.Feature> features = d.features();
        if (p.containsKey("features")) {
            Object v = p.get("features");
            Collection<?> items = v instanceof Collection<?> c ? c : v instanceof String ? List.of(v) : null;
            if (items == null) {
                throw new IllegalArgumentException("strategy.features must be a list of [lossG, lossD, update_norm, update_distance, krum_score, output_deviation], found "
                        + describe(v));
            }
            List<FedDetect.Feature> list = new ArrayList<>();
            for (Object o : items) {
                if (!(o instanceof String str)) {
                    throw new IllegalArgumentException("strategy.features: each entry must be one of "
                            + "[lossG, lossD, update_norm, update_distance, krum_score, output_deviation], found " + describe(o));
                }
                FedDetect.Feature f = FedDetect.Feature.of(str);
                list.add(f);
            }
            features = list;
        }
        Double minSeparation = nullableNumber(p, "min_separation", d.minSeparation());
        boolean upperTail = d.upperTail();
        if (p.containsKey("tail")) {
            Object v = p.get("tail");
            if ("both".equals(v)) {
                upperTail = false;
            } else if ("upper".equals(v)) {
                upperTail = true;
            } else {
                throw new IllegalArgumentException("strategy.tail must be one of [both, upper], found " + describe(v));
            }
        }
        double memory = number(p, "memory", d.memory());
        Double minRatio = nullableNumber(p, "min_ratio", d.minRatio());
        int probeSamples = integer(p, "probe_samples", d.probeSamples());
        return new FedDetect.Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, upperTail, memory, minRatio, probeSamples);
    }

    private static IllegalArgumentException unknownName(String name) {
        return new IllegalArgumentException("strategy.name must be one of " + names() + ", found \"" + name + "\"");
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(v);
    }

    private static int integer(Map<String, ?> p, String key, int dflt) {
        Integer v = nullableInteger(p, key, dflt, "an integer");
        if (v == null) {
            throw new IllegalArgumentException("strategy." + key + " must be an integer, found null");
        }
        return v;
    }

    private static Integer nullableInteger(Map<String, ?> p, String key, Integer dflt, String what) {
        if (!p.containsKey(key)) {
            return dflt;
        }
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number num) {
            double x = num.doubleValue();
            if (x == Math.rint(x) && Math.abs(x) <= Integer.MAX_VALUE) {
                return (int) x;
            }
        }
        throw new IllegalArgumentException("strategy." + key + " must be " + what + ", found " + describe(v));
    }

    private static double number(Map<String, ?> p, String key, double dflt) {
        Double v = nullableNumber(p, key, dflt);
        if (v == null) {
            throw new IllegalArgumentException("strategy." + key + " must be a number, found null");
        }
        return v;
    }

    private static Double nullableNumber(Map<String, ?> p, String key, Double dflt) {
        if (!p.containsKey(key)) {
            return dflt;
        }
        Object v = p.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        throw new IllegalArgumentException("strategy." + key + " must be a number, found " + describe(v));
    }
}
