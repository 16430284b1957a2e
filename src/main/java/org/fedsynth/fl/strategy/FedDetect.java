package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.Contamination;
import org.fedsynth.fl.detect.IsolationForest;
import org.fedsynth.fl.detect.OutputDeviation;

/**
 * FedDetect, the defense of Jin and Li, "Backdoor attack and defense in federated GAN-based medical
 * image synthesis" (Medical Image Analysis 2023): outlier detection on the clients' local training
 * losses with an isolation forest, and a per-client track record that decays the weights of
 * repeatedly flagged clients.
 *
 * <p>Each round:
 * <ol>
 *   <li><b>Detector input.</b> One feature vector per client, the features in {@link Config#features()}
 *       order: {@code lossG} = {@link LocalStats#lossGMean()} ({@code statistic: mean}, the default)
 *       or {@link LocalStats#lossGLast()} ({@code statistic: last}, as the authors' released code);
 *       {@code lossD} likewise from the discriminator loss; {@code update_norm} = L2 norm of the
 *       client's generator minus {@link RoundContext#globalGenerator()} over all tensors;
 *       {@code update_distance} = L2 distance of the client's generator from the coordinate-wise
 *       median of this round's generators, {@code krum_score} = its Krum score with f = 0
 *       (extensions, not in the paper).
 *   <li><b>Detection.</b> An {@link IsolationForest} with {@code trees} trees and subsample size
 *       {@code min(max_samples, n)} (default {@code max_samples = 256}) is fitted on the n vectors
 *       with seed {@link RoundContext#seed()}, and the same vectors are scored; {@link Contamination}
 *       turns scores into flags ({@code auto}: {@code s > 0.5}). Optional {@code min_separation k}
 *       (off by default, not in the paper): a flag stands only if on at least one feature the
 *       client lies at least {@code k} robust standard deviations ({@code 1.4826 * MAD} across
 *       clients) from the median; a feature with MAD 0 counts as infinitely separated for any
 *       client off the median and 0 for a client on it.
 *   <li><b>Warm-up.</b> In rounds {@code round <= warmup} (1-based) flags are reported but not
 *       applied.
 *   <li><b>Majority guard.</b> If at least half of the clients are flagged ({@code 2 * flagged >= n}),
 *       no flag is applied this round.
 *   <li><b>Track record.</b> Each applied flag adds 1 to the client's count {@code c_i}, kept in the
 *       state keyed by client id (clients absent this round keep theirs). Every round, flagged or
 *       not, applied or not, each client's weight is {@code w_i = base_i * decay^(c_i)} with its
 *       current count, so suppression persists; with {@code block_after = b} a client with
 *       {@code c_i >= b} gets weight 0. The weights are renormalized to sum 1; if they are all 0
 *       the base weights are used instead and every reason says so.
 *   <li><b>Aggregation.</b> Weighted FedAvg of the generators (and discriminators, when the updates
 *       carry them) with these weights.
 * </ol>
 * State: {@code {"track_record": {"<clientId>": count, ...}}}. Scaling the features per client
 * population (for example by median/MAD) is deliberately not offered: the isolation forest draws
 * thresholds uniformly between a node's min and max, so its partitions, and thus its scores, are
 * invariant under any per-feature affine rescaling.
 */
public final class FedDetect implements AggregationStrategy {

    /** Which per-round loss summary the detector reads. */
    public enum Statistic {
        /** The mean over the round's local steps (default). */
        MEAN,
        /** The last local step's loss (the authors' released code). */
        LAST;

        /** The config spelling: {@code mean} or {@code last}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A detector feature. */
    public enum Feature {
        /** The local generator loss (per {@link Statistic}). */
        LOSS_G("lossG"),
        /** The local discriminator loss (per {@link Statistic}). */
        LOSS_D("lossD"),
        /** The L2 norm of the client's generator delta from the global generator. */
        UPDATE_NORM("update_norm"),
        /**
         * The L2 distance of the client's generator from the coordinate-wise median of all clients'
         * generators this round (not in the paper): how far the update strays from the consensus.
         */
        UPDATE_DISTANCE("update_distance"),
        /**
         * The client's Krum score (Blanchard et al. 2017) among this round's generators with f = 0:
         * the sum of squared distances to its n - 2 nearest neighbours (not in the paper).
         */
        KRUM_SCORE("krum_score"),
        /**
         * Output space (not in the paper): every client's generator draws the same fixed probe batch
         * and the feature is the strongest consistent, localized difference of its images from the
         * clients' pixel-wise median ({@link OutputDeviation}). Needs {@link RoundContext#probe()}.
         */
        OUTPUT_DEVIATION("output_deviation");

        private final String key;

        Feature(String key) {
            this.key = key;
        }

        /** The config spelling ({@code lossG}, {@code lossD}, {@code update_norm}). */
        public String key() {
            return key;
        }

        /** The feature with this config spelling, or an error listing the allowed ones. */
        public static Feature of(String key) {
            for (Feature f : values()) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("strategy.features: unknown feature \"" + key + "\", allowed: "
                    + Arrays.stream(values()).map(Feature::key).toList());
        }
    }

    /**
     * FedDetect's parameters, validated on construction (messages name the config field).
     *
     * @param trees number of isolation trees, {@code >= 1} (default 100)
     * @param maxSamples subsample size per tree, {@code >= 1}, or {@code null} for 256; the size used
     *     is {@code min(maxSamples, n)} (default {@code null})
     * @param contamination the flagging rule (default {@code auto})
     * @param warmup rounds {@code 1..warmup} only report flags, {@code >= 0} (default 10)
     * @param decay the per-applied-flag weight factor, in {@code (0, 1]} (default 0.9)
     * @param statistic which loss summary to read (default {@code mean})
     * @param blockAfter count at which a client's weight becomes 0, {@code >= 1}, or {@code null}
     *     for never (default)
     * @param features detector features, non-empty, no repeats (default {@code [lossG]})
     * @param minSeparation robust z-score a flag needs on some feature, {@code > 0}, or {@code null}
     *     for off (default)
     * @param upperTail flag only clients above the median on some feature ({@code tail: upper}, for
     *     features where only large values are suspicious), instead of outliers on either side
     *     ({@code tail: both}, the paper's forest; default)
     * @param memory per-client memory of {@code output_deviation} across rounds, in {@code [0, 1)}:
     *     the deviation maps are averaged as {@code m <- memory * m + (1 - memory) * current} before
     *     the feature is taken (default 0, no memory)
     * @param minRatio a flag stands only if on some feature the client's value is at least this
     *     multiple of the median of the other clients' values, {@code > 1}, or {@code null} for off
     *     (default); a scale-free separation test for non-negative features that, unlike
     *     {@code min_separation}, stays meaningful with as few as 3 clients
     * @param probeSamples images each client's generator draws for {@code output_deviation},
     *     {@code >= 2} (default 8): more lowers the feature's noise and costs one generator forward
     *     pass of this batch per client per round
     */
    public record Config(
            int trees,
            Integer maxSamples,
            Contamination contamination,
            int warmup,
            double decay,
            Statistic statistic,
            Integer blockAfter,
            List<Feature> features,
            Double minSeparation,
            boolean upperTail,
            double memory,
            Double minRatio,
            int probeSamples) {

        /** Default probe batch of {@code output_deviation}. */
        public static final int DEFAULT_PROBE_SAMPLES = 8;

        /** Default subsample size (scikit-learn's {@code max_samples="auto"}). */
        public static final int DEFAULT_MAX_SAMPLES = 256;

        /** Validates every field. */
        public Config {
            if (trees < 1) {
                throw new IllegalArgumentException("strategy.trees must be >= 1, found " + trees);
            }
            if (maxSamples != null && maxSamples < 1) {
                throw new IllegalArgumentException("strategy.max_samples must be >= 1 or auto, found " + maxSamples);
            }
            if (contamination == null) {
                throw new IllegalArgumentException("strategy.contamination must be auto or in (0, 0.5], found null");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("strategy.warmup must be >= 0, found " + warmup);
            }
            if (!(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException("strategy.decay must be in (0, 1], found " + decay);
            }
            if (statistic == null) {
                throw new IllegalArgumentException("strategy.statistic must be one of [mean, last], found null");
            }
            if (blockAfter != null && blockAfter < 1) {
                throw new IllegalArgumentException("strategy.block_after must be >= 1 or null, found " + blockAfter);
            }
            if (features == null || features.isEmpty()) {
                throw new IllegalArgumentException("strategy.features must list at least one of "
                        + Arrays.stream(Feature.values()).map(Feature::key).toList() + ", found " + features);
            }
            features = List.copyOf(features);
            if (features.stream().distinct().count() != features.size()) {
                throw new IllegalArgumentException("strategy.features must not repeat a feature, found "
                        + features.stream().map(Feature::key).toList());
            }
            if (minSeparation != null && !(minSeparation > 0 && Double.isFinite(minSeparation))) {
                throw new IllegalArgumentException("strategy.min_separation must be > 0 or null, found " + minSeparation);
            }
            if (probeSamples < 2 || probeSamples > 4096) {
                throw new IllegalArgumentException("strategy.probe_samples must be in [2, 4096], found " + probeSamples);
            }
            if (minRatio != null && !(minRatio > 1 && Double.isFinite(minRatio))) {
                throw new IllegalArgumentException("strategy.min_ratio must be > 1 or null, found " + minRatio);
            }
            if (!(memory >= 0 && memory < 1)) {
                throw new IllegalArgumentException("strategy.memory must be in [0, 1), found " + memory);
            }
        }

        /** The paper's settings: 100 trees, max_samples 256, auto, warm-up 10, decay 0.9, mean, lossG. */
        public static Config defaults() {
            return new Config(100, null, Contamination.auto(), 10, 0.9, Statistic.MEAN, null,
                    List.of(Feature.LOSS_G), null, false, 0.0, null, DEFAULT_PROBE_SAMPLES);
        }

        /** A copy with {@code trees} replaced. */
        public Config withTrees(int v) {
            return new Config(v, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code maxSamples} replaced. */
        public Config withMaxSamples(Integer v) {
            return new Config(trees, v, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code contamination} replaced. */
        public Config withContamination(Contamination v) {
            return new Config(trees, maxSamples, v, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code warmup} replaced. */
        public Config withWarmup(int v) {
            return new Config(trees, maxSamples, contamination, v, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code decay} replaced. */
        public Config withDecay(double v) {
            return new Config(trees, maxSamples, contamination, warmup, v, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code statistic} replaced. */
        public Config withStatistic(Statistic v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, v, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code blockAfter} replaced. */
        public Config withBlockAfter(Integer v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, v, features,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code features} replaced. */
        public Config withFeatures(List<Feature> v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, v,
                    minSeparation, upperTail, memory, minRatio, probeSamples);
        }

        /** A copy with {@code probeSamples} replaced. */
        public Config withProbeSamples(int v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, minRatio, v);
        }

        /** A copy with {@code minRatio} replaced. */
        public Config withMinRatio(Double v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, memory, v, probeSamples);
        }

        /** A copy with {@code upperTail} replaced. */
        public Config withUpperTail(boolean v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, v, memory, minRatio, probeSamples);
        }

        /** A copy with {@code memory} replaced. */
        public Config withMemory(double v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                    minSeparation, upperTail, v, minRatio, probeSamples);
        }

        /** A copy with {@code minSeparation} replaced. */
        public Config withMinSeparation(Double v) {
            return new Config(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features, v,
                    upperTail, memory, minRatio, probeSamples);
        }
    }

    /** The state key holding the per-client counts. */
    public static final String TRACK_RECORD = "track_record";

    /** Consistency constant turning a MAD into a normal standard deviation. */
    static final double MAD_TO_SD = 1.4826;

    private final Config config;

    /** FedDetect with the paper's defaults ({@link Config#defaults()}). */
    public FedDetect() {
        this(Config.defaults());
    }

    /** FedDetect with the given parameters. */
    public FedDetect(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("feddetect needs a config");
        }
        this.config = config;
    }

    /** The parameters. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return "feddetect";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        int n = updates.size();
        Aggregate.requireBaseWeights(baseWeights, n);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        checkDistinctIds(updates);

        // (1) detector input
        TreeMap<Integer, double[]> memory = new TreeMap<>();
        double[][] x = features(context, updates, memory);

        // (2) isolation forest + contamination (+ optional separation veto)
        int maxSamples = config.maxSamples() == null ? Config.DEFAULT_MAX_SAMPLES : config.maxSamples();
        IsolationForest forest = IsolationForest.fit(x, config.trees(), maxSamples, context.seed());
        double[] scores = forest.score(x);
        double threshold = config.contamination().threshold(scores);
        boolean[] forestFlag = new boolean[n];
        for (int i = 0; i < n; i++) {
            forestFlag[i] = scores[i] > threshold;
        }
        double[] separation = separation(x);
        boolean[] upper = config.upperTail() ? aboveMedian(x) : null;
        double[] ratio = ratioToOthers(x);
        boolean[] flagged = new boolean[n];
        int nFlagged = 0;
        for (int i = 0; i < n; i++) {
            flagged[i] = forestFlag[i] && (config.minSeparation() == null || separation[i] >= config.minSeparation())
                    && (upper == null || upper[i])
                    && (config.minRatio() == null || ratio[i] >= config.minRatio());
            if (flagged[i]) {
                nFlagged++;
            }
        }

        // (3) warm-up, (4) majority guard
        boolean warm = context.round() <= config.warmup();
        boolean guard = nFlagged > 0 && 2 * nFlagged >= n;
        boolean apply = !warm && !guard;

        // (5) track record and weights
        TreeMap<Integer, Integer> record = readTrackRecord(context.strategyState());
        int[] counts = new int[n];
        double[] w = new double[n];
        boolean[] blocked = new boolean[n];
        for (int i = 0; i < n; i++) {
            int id = updates.get(i).clientId();
            int c = record.getOrDefault(id, 0);
            if (apply && flagged[i]) {
                c++;
                record.put(id, c);
            }
            counts[i] = c;
            blocked[i] = config.blockAfter() != null && c >= config.blockAfter();
            w[i] = blocked[i] ? 0.0 : baseWeights[i] * Math.pow(config.decay(), c);
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        boolean fallback = !(sum > 0);
        w = fallback ? baseWeights.clone() : Aggregate.normalize(w);

        // (6) weighted FedAvg
        ModelWeights g = Aggregate.weightedMean(gs, w);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, w);

        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Double> input = new LinkedHashMap<>();
            for (int f = 0; f < x[i].length; f++) {
                input.put(config.features().get(f).key(), x[i][f]);
            }
            String reason = reason(context.round(), scores[i], threshold, forestFlag[i], flagged[i], separation[i],
                    upper == null || upper[i], ratio[i], warm, guard, nFlagged, n, counts[i], blocked[i], fallback);
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], w[i], input, scores[i],
                    flagged[i], apply && flagged[i], counts[i], reason));
        }
        ObjectNode state = writeTrackRecord(record);
        if (config.memory() > 0) {
            writeMemory(state, memory);
        }
        return new AggregationResult(g, d, decisions, state);
    }

    private String reason(int round, double score, double threshold, boolean forestFlag, boolean flagged,
            double separation, boolean aboveMedian, double ratio, boolean warm, boolean guard, int nFlagged, int n, int count, boolean blocked,
            boolean fallback) {
        StringBuilder sb = new StringBuilder();
        if (flagged) {
            sb.append(fmt("flagged: score %.4f > %.4f", score, threshold));
            if (config.minRatio() != null) {
                sb.append(fmt(" (ratio %.3g >= %.3g)", ratio, config.minRatio()));
            }
            if (config.minSeparation() != null) {
                sb.append(fmt(" (separation %.3g >= %.3g)", separation, config.minSeparation()));
            }
            if (warm) {
                sb.append(fmt("; not applied: warm-up (round %d <= %d)", round, config.warmup()));
            } else if (guard) {
                sb.append(fmt("; not applied: majority guard (%d of %d flagged)", nFlagged, n));
            } else {
                sb.append("; applied");
            }
        } else if (forestFlag && config.minSeparation() != null && separation < config.minSeparation()) {
            sb.append(fmt("kept: score %.4f > %.4f but separation %.3g < min_separation %.3g", score, threshold,
                    separation, config.minSeparation()));
        } else if (forestFlag && !aboveMedian) {
            sb.append(fmt("kept: score %.4f > %.4f but not above the median on any feature (tail: upper)", score,
                    threshold));
        } else if (forestFlag) {
            sb.append(fmt("kept: score %.4f > %.4f but ratio to the others' median %.3g < min_ratio %.3g", score,
                    threshold, ratio, config.minRatio()));
        } else {
            sb.append(fmt("kept: score %.4f <= %.4f", score, threshold));
        }
        sb.append(fmt("; track record %d", count));
        if (blocked) {
            sb.append(fmt(": blocked (>= block_after %d), weight 0", config.blockAfter()));
        } else if (count > 0) {
            sb.append(fmt(": weight = base * %s^%d", config.decay(), count));
        }
        if (fallback) {
            sb.append("; all weights would be 0: fell back to base weights");
        }
        return sb.toString();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    private static void checkDistinctIds(List<ClientUpdate> updates) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (ClientUpdate u : updates) {
            if (!seen.add(u.clientId())) {
                throw new IllegalArgumentException("feddetect: client id " + u.clientId() + " appears twice in one round");
            }
        }
    }

    /** The detector input: one row per client, one column per configured feature. */
    double[][] features(RoundContext context, List<ClientUpdate> updates) {
        return features(context, updates, new TreeMap<>());
    }

    /**
     * The detector input; {@code memoryOut} receives the output-deviation maps to remember (with
     * {@code memory > 0}): this round's clients' updated maps and the absent clients' earlier ones.
     */
    double[][] features(RoundContext context, List<ClientUpdate> updates, TreeMap<Integer, double[]> memoryOut) {
        List<Feature> fs = config.features();
        ModelWeights median = fs.contains(Feature.UPDATE_DISTANCE)
                ? Aggregate.coordinateMedian(Aggregate.generators(updates)) : null;
        double[] krum = fs.contains(Feature.KRUM_SCORE) && updates.size() > 2
                ? Aggregate.krumScores(Aggregate.generators(updates), 0) : null;
        double[] deviation = fs.contains(Feature.OUTPUT_DEVIATION) ? outputDeviation(context, updates, memoryOut) : null;
        double[][] x = new double[updates.size()][fs.size()];
        for (int i = 0; i < updates.size(); i++) {
            ClientUpdate u = updates.get(i);
            LocalStats s = u.stats();
            for (int f = 0; f < fs.size(); f++) {
                double v;
                switch (fs.get(f)) {
                    case LOSS_G -> {
                        requireStats(u);
                        v = config.statistic() == Statistic.MEAN ? s.lossGMean() : s.lossGLast();
                    }
                    case LOSS_D -> {
                        requireStats(u);
                        v = config.statistic() == Statistic.MEAN ? s.lossDMean() : s.lossDLast();
                    }
                    case UPDATE_NORM -> {
                        if (context.globalGenerator() == null) {
                            throw new IllegalArgumentException(
                                    "feddetect: feature update_norm needs RoundContext.globalGenerator()");
                        }
                        v = Aggregate.l2Distance(u.generator(), context.globalGenerator());
                    }
                    case UPDATE_DISTANCE -> v = Aggregate.l2Distance(u.generator(), median);
                    case KRUM_SCORE -> {
                        if (krum == null) {
                            throw new IllegalArgumentException("feddetect: feature krum_score needs at least 3 clients per round");
                        }
                        v = krum[i];
                    }
                    case OUTPUT_DEVIATION -> v = deviation[i];
                    default -> throw new IllegalStateException("unhandled feature " + fs.get(f));
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("feddetect: client " + u.clientId() + " feature "
                            + fs.get(f).key() + " is not finite: " + v);
                }
                x[i][f] = v;
            }
        }
        return x;
    }

    private double[] outputDeviation(RoundContext context, List<ClientUpdate> updates,
            TreeMap<Integer, double[]> memoryOut) {
        if (context.probe() == null) {
            throw new IllegalArgumentException("feddetect: feature output_deviation needs a generator probe, and this"
                    + " runner offers none; use another feature (update_distance, lossG) here");
        }
        if (updates.size() < 2) {
            throw new IllegalArgumentException("feddetect: feature output_deviation needs at least 2 clients per round");
        }
        float[][] images = new float[updates.size()][];
        GeneratorProbe.Images first = null;
        for (int i = 0; i < updates.size(); i++) {
            GeneratorProbe.Images im = context.probe().render(updates.get(i).generator(), config.probeSamples());
            first = first == null ? im : first;
            images[i] = im.pixels();
        }
        int c = first.channels();
        int res = first.res();
        double[][] maps = OutputDeviation.meanDifferences(images, first.batch(), c, res);
        TreeMap<Integer, double[]> previous = config.memory() > 0 ? readMemory(context.strategyState()) : new TreeMap<>();
        memoryOut.putAll(previous);
        double[] out = new double[maps.length];
        for (int i = 0; i < maps.length; i++) {
            double[] m = maps[i];
            double[] prev = previous.get(updates.get(i).clientId());
            if (prev != null && prev.length == m.length) {
                for (int k = 0; k < m.length; k++) {
                    m[k] = config.memory() * prev[k] + (1 - config.memory()) * m[k];
                }
            }
            if (config.memory() > 0) {
                memoryOut.put(updates.get(i).clientId(), m);
            }
            out[i] = OutputDeviation.score(m, c, res, OutputDeviation.defaultWindow(res));
        }
        return out;
    }

    /** The state key holding the per-client output-deviation maps (with {@code memory > 0}). */
    public static final String OUTPUT_MEMORY = "output_memory";

    /** Reads the remembered maps (base64 of little-endian float32), empty when absent. */
    static TreeMap<Integer, double[]> readMemory(JsonNode state) {
        TreeMap<Integer, double[]> out = new TreeMap<>();
        JsonNode mem = state == null ? null : state.get(OUTPUT_MEMORY);
        if (mem == null || mem.isNull()) {
            return out;
        }
        if (!mem.isObject()) {
            throw new IllegalArgumentException("feddetect state." + OUTPUT_MEMORY + " must be an object, found "
                    + mem.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> it = mem.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                FloatBuffer fb = ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue().asText()))
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                double[] v = new double[fb.remaining()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = fb.get(k);
                }
                out.put(Integer.parseInt(e.getKey()), v);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("feddetect state." + OUTPUT_MEMORY + "." + e.getKey()
                        + " is not a base64 float32 map: " + bad.getMessage());
            }
        }
        return out;
    }

    private static void writeMemory(ObjectNode root, TreeMap<Integer, double[]> all) {
        if (all.isEmpty()) {
            return;
        }
        ObjectNode mem = root.putObject(OUTPUT_MEMORY);
        for (Map.Entry<Integer, double[]> e : all.entrySet()) {
            ByteBuffer bb = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : e.getValue()) {
                bb.putFloat((float) v);
            }
            mem.put(String.valueOf(e.getKey()), Base64.getEncoder().encodeToString(bb.array()));
        }
    }

    private static void requireStats(ClientUpdate u) {
        if (u.stats() == null) {
            throw new IllegalArgumentException("feddetect: client " + u.clientId() + " sent no local stats");
        }
    }

    /**
     * Per client, the largest robust z-score {@code |x - median| / (1.4826 MAD)} over the features
     * (infinite when MAD is 0 and the client is off the median, 0 when it is on it).
     */
    static double[] separation(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] out = new double[n];
        double[] col = new double[n];
        for (int f = 0; f < d; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            double med = median(col);
            double[] dev = new double[n];
            for (int i = 0; i < n; i++) {
                dev[i] = Math.abs(x[i][f] - med);
            }
            double mad = median(dev);
            for (int i = 0; i < n; i++) {
                double z;
                if (mad > 0) {
                    z = dev[i] / (MAD_TO_SD * mad);
                } else {
                    z = dev[i] > 0 ? Double.POSITIVE_INFINITY : 0.0;
                }
                out[i] = Math.max(out[i], z);
            }
        }
        return out;
    }

    /**
     * Per client, the largest ratio over the features of its value to the median of the other
     * clients' values (infinite when that median is 0 and the value is positive, 0 when both are).
     */
    static double[] ratioToOthers(double[][] x) {
        int n = x.length;
        double[] out = new double[n];
        if (n < 2) {
            return out;
        }
        double[] others = new double[n - 1];
        for (int f = 0; f < x[0].length; f++) {
            for (int i = 0; i < n; i++) {
                int k = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        others[k++] = x[j][f];
                    }
                }
                double med = median(others);
                double r = med > 0 ? x[i][f] / med : x[i][f] > 0 ? Double.POSITIVE_INFINITY : 0.0;
                out[i] = Math.max(out[i], r);
            }
        }
        return out;
    }

    /** Per client, whether it lies above the median on at least one feature. */
    static boolean[] aboveMedian(double[][] x) {
        int n = x.length;
        boolean[] out = new boolean[n];
        double[] col = new double[n];
        for (int f = 0; f < x[0].length; f++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i][f];
            }
            double med = median(col);
            for (int i = 0; i < n; i++) {
                out[i] |= x[i][f] > med;
            }
        }
        return out;
    }

    /** The median (mean of the two middle values for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** Reads {@code track_record} from the state; an empty record when absent. */
    static TreeMap<Integer, Integer> readTrackRecord(JsonNode state) {
        TreeMap<Integer, Integer> out = new TreeMap<>();
        if (state == null || state.isNull() || state.isMissingNode()) {
            return out;
        }
        if (!state.isObject()) {
            throw new IllegalArgumentException("feddetect state must be a JSON object, found " + state.getNodeType());
        }
        JsonNode tr = state.get(TRACK_RECORD);
        if (tr == null || tr.isNull()) {
            return out;
        }
        if (!tr.isObject()) {
            throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + " must be an object, found "
                    + tr.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> it = tr.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + ": key \"" + e.getKey()
                        + "\" is not a client id");
            }
            JsonNode v = e.getValue();
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
                throw new IllegalArgumentException("feddetect state." + TRACK_RECORD + "." + e.getKey()
                        + " must be a count >= 0, found " + v);
            }
            out.put(id, v.intValue());
        }
        return out;
    }

    /** Writes the record as {@code {"track_record": {"<id>": count}}}, ids ascending. */
    static ObjectNode writeTrackRecord(TreeMap<Integer, Integer> record) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode tr = root.putObject(TRACK_RECORD);
        for (Map.Entry<Integer, Integer> e : record.entrySet()) {
            tr.put(String.valueOf(e.getKey()), e.getValue());
        }
        return root;
    }
}
