package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.List;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.detect.Contamination;
import org.fedsynth.fl.detect.LossStatistic;
import org.fedsynth.fl.detect.ProbeDraw;
import org.fedsynth.fl.detect.Tail;
import org.fedsynth.plugin.PluginRegistry;
import org.fedsynth.plugin.Spelling;

/**
 * FedDetect's settings ({@code strategy: {name: feddetect, ...}}), validated on construction
 * (messages name the config key). The defaults are the paper's algorithm; the configuration this
 * project ships is {@code warmup: 1, features: [output_deviation], tail: upper, memory: 0.5,
 * min_ratio: 2.5, decay: 0.8}.
 *
 * @param trees number of isolation trees, {@code >= 1} (default 100)
 * @param maxSamples subsample size per tree, {@code >= 1}, or {@code null} ({@code auto}) for 256;
 *     the size used is {@code min(maxSamples, n)}
 * @param contamination the flagging rule (default {@code auto})
 * @param warmup rounds {@code 1..warmup} only report flags, {@code >= 0} (default 10)
 * @param decay the per-applied-flag weight factor, in {@code (0, 1]} (default 0.9)
 * @param statistic which loss summary the loss features read (default {@code mean})
 * @param blockAfter count at which a client's weight becomes 0, {@code >= 1}, or {@code null} for never
 * @param features detector feature names (registry kind {@code feature}), non-empty, no repeats
 *     (default {@code [lossG]})
 * @param minSeparation robust z-score a flag needs on some feature, {@code > 0}, or {@code null} for off
 * @param tail {@code upper}: flag only clients above the median on some feature; {@code both}: the
 *     paper's forest (default)
 * @param memory per-client memory of {@code output_deviation} maps across rounds, in {@code [0, 1)}
 * @param minRatio a flag stands only if on some feature the client's value is at least this
 *     multiple of the other clients' median, {@code > 1}, or {@code null} for off
 * @param probeSamples images each client's generator draws for {@code output_deviation}, in
 *     {@code [2, 4096]} (default 8)
 * @param probe which probe noise the output features draw: {@code fixed} (default) or {@code fresh} every round
 * @param clipToMedian clip every generator delta to the round's median delta norm before the reduce (default false)
 * @param scaleByShare weigh the {@code min_ratio} test of the features of the client's own data (the image
 *     features, {@code update_angle}) by {@code min(1, n * share)}
 *     ({@link org.fedsynth.fl.detect.ShareScaling}); needs {@code min_ratio}
 * @param corroborate the image-feature ratio a resemblance between updates needs beside it to count
 *     ({@link org.fedsynth.fl.detect.Corroboration}), {@code > 0}, or {@code null} for off; needs {@code min_ratio}
 * @param excludeFlagged a client flagged in a round where flags apply gets weight 0 in that round (default false)
 * @param poolCoLocated weigh co-located deviating clients by their summed share in {@code scale_by_share}
 *     ({@link org.fedsynth.fl.detect.CoLocation}; default false)
 */
public record FedDetectSettings(
        @JsonPropertyDescription(">= 1: isolation trees") int trees,
        @JsonPropertyDescription(">= 1 or auto (null means auto): subsample per tree, min(max_samples, n); auto = 256")
        @Spelling(value = "integer or auto", dflt = "auto")
        @JsonDeserialize(using = FedDetectSettings.AutoInteger.class) Integer maxSamples,
        @JsonPropertyDescription("auto: flag score > 0.5 (the paper); a number q: flag scores above their 100(1-q)-th"
                + " percentile (about q n clients)") Contamination contamination,
        @JsonPropertyDescription(">= 0: rounds 1..warmup report flags without applying them") int warmup,
        @JsonPropertyDescription("in (0, 1]: weight factor per applied flag") double decay,
        @JsonPropertyDescription("loss summary read: mean over the round's local steps, or the last step (the"
                + " authors' code)") LossStatistic statistic,
        @JsonPropertyDescription(">= 1 or null: a client whose count reaches it gets weight 0; null = never")
        Integer blockAfter,
        @JsonPropertyDescription("non-empty, no repeats, of the feature plug-ins below: detector input (a single"
                + " string is accepted)") List<String> features,
        @JsonPropertyDescription("> 0 or null (off; not in the paper): a flag stands only if on some feature the client"
                + " lies >= k robust standard deviations (1.4826 MAD) from the clients' median") Double minSeparation,
        @JsonPropertyDescription("both: the forest's outliers on either side (the paper); upper: only clients above the"
                + " median on some feature can be flagged (for distance-like features)") Tail tail,
        @JsonPropertyDescription("in [0, 1): output_deviation and output_deviation_global: each client's deviation map is averaged over rounds,"
                + " m <- memory * m + (1 - memory) * current (the maps are kept in the checkpoint)") double memory,
        @JsonPropertyDescription("> 1 or null (off; not in the paper): a flag stands only if on some feature the client's"
                + " value is at least this multiple of the other clients' median") Double minRatio,
        @JsonPropertyDescription("in [2, 4096]: the image features: images each client's generator draws per round"
                + " (one forward pass of this batch per client)") int probeSamples,
        @JsonPropertyDescription("fixed: the same probe noise every round; fresh: new noise every round from the"
                + " server's seed (never sent to a site)") ProbeDraw probe,
        @JsonPropertyDescription("true (not in the paper): before the reduce, every generator delta is scaled down to"
                + " at most the round's median delta norm (bounds a scaled or replaced update from its first round)")
        boolean clipToMedian,
        @JsonPropertyDescription("true (not in the paper; needs min_ratio): a client's min_ratio ratios on the features"
                + " of its own data (output_deviation, output_deviation_global, update_angle) are multiplied by min(1, n x"
                + " its base weight share), so a site too small to move the average is not flagged for its own few images")
        boolean scaleByShare,
        @JsonPropertyDescription("> 0 or null (off; not in the paper; needs min_ratio): a client's min_ratio ratio on"
                + " update_redundancy counts only if its ratio on an image feature (output_deviation,"
                + " output_deviation_global, after scale_by_share) is at least this, or its residual cosine is at least"
                + " 0.9 (a near-duplicate): honest sites of one class mix resemble each other too")
        Double corroborate,
        @JsonPropertyDescription("true (not in the paper): a client flagged in a round where flags apply gets weight 0 in"
                + " that round, on top of its track record (whose decay then governs only the rounds it is not flagged in)")
        boolean excludeFlagged,
        @JsonPropertyDescription("true (not in the paper; needs scale_by_share and output_deviation): clients whose"
                + " output_deviation reaches min_ratio with their strongest windows overlapping are weighed by their"
                + " summed share instead of each one's own (colluders stamp one trigger at one place)")
        boolean poolCoLocated)
        implements StrategySettings {

    /** Default probe batch of {@code output_deviation}. */
    public static final int DEFAULT_PROBE_SAMPLES = 8;

    /** Default subsample size (scikit-learn's {@code max_samples="auto"}). */
    public static final int DEFAULT_MAX_SAMPLES = 256;

    /** Validates every key. */
    public FedDetectSettings {
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
        List<String> known = PluginRegistry.names(PluginRegistry.FEATURE);
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("strategy.features must list at least one of " + known + ", found "
                    + features);
        }
        features = List.copyOf(features);
        for (String f : features) {
            if (!known.contains(f)) {
                throw new IllegalArgumentException("strategy.features: unknown feature \"" + f + "\", allowed: " + known);
            }
        }
        if (features.stream().distinct().count() != features.size()) {
            throw new IllegalArgumentException("strategy.features must not repeat a feature, found " + features);
        }
        if (minSeparation != null && !(minSeparation > 0 && Double.isFinite(minSeparation))) {
            throw new IllegalArgumentException("strategy.min_separation must be > 0 or null, found " + minSeparation);
        }
        if (tail == null) {
            throw new IllegalArgumentException("strategy.tail must be one of [both, upper], found null");
        }
        if (probeSamples < 2 || probeSamples > 4096) {
            throw new IllegalArgumentException("strategy.probe_samples must be in [2, 4096], found " + probeSamples);
        }
        if (minRatio != null && !(minRatio > 1 && Double.isFinite(minRatio))) {
            throw new IllegalArgumentException("strategy.min_ratio must be > 1 or null, found " + minRatio);
        }
        if (probe == null) {
            probe = ProbeDraw.FIXED;
        }
        if (scaleByShare && minRatio == null) {
            throw new IllegalArgumentException("strategy.scale_by_share weighs the min_ratio veto, and min_ratio is off;"
                    + " set min_ratio (for example 2.5) or scale_by_share: false");
        }
        if (corroborate != null) {
            if (!(corroborate > 0 && Double.isFinite(corroborate))) {
                throw new IllegalArgumentException("strategy.corroborate must be > 0 or null, found " + corroborate);
            }
            if (minRatio == null) {
                throw new IllegalArgumentException("strategy.corroborate acts on the min_ratio veto, and min_ratio is"
                        + " off; set min_ratio (for example 2.5) or remove corroborate");
            }
            String refused = org.fedsynth.fl.detect.Corroboration.refusal(features);
            if (refused != null) {
                throw new IllegalArgumentException(refused);
            }
        }
        if (poolCoLocated && !scaleByShare) {
            throw new IllegalArgumentException("strategy.pool_co_located pools the shares scale_by_share weighs by, and"
                    + " scale_by_share is off; set scale_by_share: true or pool_co_located: false");
        }
        if (poolCoLocated && (features == null || !features.contains("output_deviation"))) {
            throw new IllegalArgumentException("strategy.pool_co_located finds co-located clients by output_deviation's"
                    + " windows; add output_deviation to strategy.features or set pool_co_located: false");
        }
        if (!(memory >= 0 && memory < 1)) {
            throw new IllegalArgumentException("strategy.memory must be in [0, 1), found " + memory);
        }
    }

    /** The paper's settings: 100 trees, max_samples 256, auto, warm-up 10, decay 0.9, mean, lossG. */
    public static FedDetectSettings defaults() {
        return new FedDetectSettings(100, null, Contamination.auto(), 10, 0.9, LossStatistic.MEAN, null,
                List.of("lossG"), null, Tail.BOTH, 0.0, null, DEFAULT_PROBE_SAMPLES,
                ProbeDraw.FIXED, false, false, null, false, false);
    }

    @Override
    public AggregationStrategy create() {
        return new FedDetect(this);
    }

    @Override
    public int detectionWarmup() {
        return warmup;
    }

    /** Whether only clients above the median on some feature may be flagged ({@code tail: upper}). */
    public boolean upperTail() {
        return tail == Tail.UPPER;
    }

    /** The subsample size per tree before {@code min(., n)}: {@code maxSamples}, or 256 for auto. */
    public int samplesPerTree() {
        return maxSamples == null ? DEFAULT_MAX_SAMPLES : maxSamples;
    }

    /** A copy with {@code trees} replaced. */
    public FedDetectSettings withTrees(int v) {
        return new FedDetectSettings(v, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code maxSamples} replaced. */
    public FedDetectSettings withMaxSamples(Integer v) {
        return new FedDetectSettings(trees, v, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code contamination} replaced. */
    public FedDetectSettings withContamination(Contamination v) {
        return new FedDetectSettings(trees, maxSamples, v, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code warmup} replaced. */
    public FedDetectSettings withWarmup(int v) {
        return new FedDetectSettings(trees, maxSamples, contamination, v, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code decay} replaced. */
    public FedDetectSettings withDecay(double v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, v, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code statistic} replaced. */
    public FedDetectSettings withStatistic(LossStatistic v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, v, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code blockAfter} replaced. */
    public FedDetectSettings withBlockAfter(Integer v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, v, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code features} replaced. */
    public FedDetectSettings withFeatures(List<String> v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, v,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code minSeparation} replaced. */
    public FedDetectSettings withMinSeparation(Double v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                v, tail, memory, minRatio, probeSamples, probe, clipToMedian, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code tail} replaced: {@code upper} when {@code v}, else {@code both}. */
    public FedDetectSettings withUpperTail(boolean v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, v ? Tail.UPPER : Tail.BOTH, memory, minRatio, probeSamples, probe,
                clipToMedian, scaleByShare, corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code memory} replaced. */
    public FedDetectSettings withMemory(double v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, v, minRatio, probeSamples, probe, clipToMedian, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code minRatio} replaced. */
    public FedDetectSettings withMinRatio(Double v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, v, probeSamples, probe, clipToMedian, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code probeSamples} replaced. */
    public FedDetectSettings withProbeSamples(int v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, v, probe, clipToMedian, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code probe} replaced. */
    public FedDetectSettings withProbe(ProbeDraw v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, v, clipToMedian, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code clipToMedian} replaced. */
    public FedDetectSettings withClipToMedian(boolean v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, v, scaleByShare,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code scaleByShare} replaced. */
    public FedDetectSettings withScaleByShare(boolean v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian, v,
                corroborate, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code corroborate} replaced. */
    public FedDetectSettings withCorroborate(Double v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, v, excludeFlagged, poolCoLocated);
    }

    /** A copy with {@code excludeFlagged} replaced. */
    public FedDetectSettings withExcludeFlagged(boolean v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian,
                scaleByShare, corroborate, v, poolCoLocated);
    }

    /** A copy with {@code poolCoLocated} replaced. */
    public FedDetectSettings withPoolCoLocated(boolean v) {
        return new FedDetectSettings(trees, maxSamples, contamination, warmup, decay, statistic, blockAfter, features,
                minSeparation, tail, memory, minRatio, probeSamples, probe, clipToMedian, scaleByShare, corroborate,
                excludeFlagged, v);
    }

    /** Reads {@code max_samples}: an integer, {@code auto} or {@code null} (both meaning 256). */
    static final class AutoInteger extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && "auto".equals(p.getText())) {
                return null;
            }
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return p.getIntValue();
            }
            String v = p.currentToken() == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
            throw new IllegalArgumentException("strategy.max_samples must be an integer >= 1 or auto, found " + v);
        }
    }
}
