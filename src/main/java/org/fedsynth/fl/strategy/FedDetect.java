package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.DeviationMemory;
import org.fedsynth.fl.detect.FeatureMatrix;
import org.fedsynth.fl.detect.FedDetectState;
import org.fedsynth.fl.detect.MedianNormClip;
import org.fedsynth.fl.detect.CoLocation;
import org.fedsynth.fl.detect.Corroboration;
import org.fedsynth.fl.detect.OutputDeviation;
import org.fedsynth.fl.detect.ShareScaling;
import org.fedsynth.fl.detect.ForestRule;
import org.fedsynth.fl.detect.TrackRecord;
import org.fedsynth.fl.detect.Vetoes;
import org.fedsynth.fl.detect.feature.FeatureInput;
import org.fedsynth.fl.detect.feature.ProbeDeviations;

/**
 * FedDetect, the defense of Jin and Li, "Backdoor attack and defense in federated GAN-based medical
 * image synthesis" (Medical Image Analysis 2023): outlier detection on the clients' local training
 * losses with an isolation forest, and a per-client track record that decays the weights of
 * repeatedly flagged clients.
 *
 * <p>Each round is a pipeline of stages, one class each, in {@code org.fedsynth.fl.detect}:
 * <ol>
 *   <li><b>features</b> ({@link FeatureMatrix}): one vector per client, the detector features named
 *       in {@link FedDetectSettings#features()}, each a
 *       {@link org.fedsynth.fl.detect.feature.DetectorFeature} plug-in;
 *   <li><b>scores</b> ({@link ForestRule}): an isolation forest with {@code trees} trees and
 *       subsample {@code min(max_samples, n)}, fitted and scored with seed
 *       {@link RoundContext#seed()}; {@code contamination} turns scores into outliers;
 *   <li><b>flags</b> ({@link Vetoes}): the optional {@code min_separation}, {@code tail: upper} and
 *       {@code min_ratio} vetoes, the last with each client's image-feature ratios weighed by its share
 *       with {@code scale_by_share} ({@link ShareScaling}; by the summed share of the clients whose strongest
 *       windows it shares with {@code pool_co_located}, {@link CoLocation}), and a resemblance between updates
 *       counted only beside an image feature's deviation with {@code corroborate} ({@link Corroboration});
 *   <li><b>weights</b> ({@link TrackRecord}): warm-up, majority guard, and the track record
 *       {@code w_i = base_i * decay^(c_i)} (0 once {@code c_i >= block_after}, and 0 in a round the client is
 *       flagged in with {@code exclude_flagged}), renormalized;
 *   <li><b>clip</b> ({@link MedianNormClip}, with {@code clip_to_median}): every generator delta scaled
 *       down to the round's median delta norm;
 *   <li><b>reduce</b>: weighted FedAvg of the generators (and discriminators, when the updates carry
 *       them, unclipped) with these weights.
 * </ol>
 * State ({@link FedDetectState}): {@code {"track_record": {"<clientId>": count, ...}}}, plus the
 * remembered {@code output_deviation} maps with {@code memory > 0}. Scaling the features per client
 * population is deliberately not offered: the isolation forest draws thresholds uniformly between a
 * node's min and max, so its scores are invariant under any per-feature affine rescaling.
 */
public final class FedDetect implements AggregationStrategy {

    /** The state key holding the per-client counts. */
    public static final String TRACK_RECORD = FedDetectState.TRACK_RECORD;

    /** The state key holding the per-client output-deviation maps (with {@code memory > 0}). */
    public static final String OUTPUT_MEMORY = FedDetectState.OUTPUT_MEMORY;

    private final FedDetectSettings config;

    /** FedDetect with the paper's defaults ({@link FedDetectSettings#defaults()}). */
    public FedDetect() {
        this(FedDetectSettings.defaults());
    }

    /** FedDetect with the given settings. */
    public FedDetect(FedDetectSettings config) {
        if (config == null) {
            throw new IllegalArgumentException("feddetect needs a config");
        }
        this.config = config;
    }

    /** The settings. */
    public FedDetectSettings config() {
        return config;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy feddetect: FedDetect (its majority guard)", attackers, n);
    }

    @Override
    public String name() {
        return "feddetect";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        int n = updates.size();
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        int[] ids = distinctIds(updates);

        DeviationMemory memory = new DeviationMemory(config.memory(),
                () -> FedDetectState.readMemory(context.strategyState()));
        FeatureInput in = new FeatureInput(context, updates, config.statistic(),
                new ProbeDeviations(config.probeSamples(), config.probe(), memory));
        double[][] x = FeatureMatrix.of(config.features(), in);
        ForestRule.Scores forest = ForestRule.apply(x, config.trees(), config.samplesPerTree(), config.contamination(),
                context.seed());
        CoLocation.Groups groups = config.poolCoLocated() ? coLocated(in, x, baseWeights) : null;
        double[][] ratios = Vetoes.ratiosByFeature(x, !config.scaleByShare() ? null : groups != null
                ? ShareScaling.ratioWeightsPooled(config.features(), baseWeights, groups.pooled())
                : ShareScaling.ratioWeights(config.features(), baseWeights));
        Corroboration.Result corroborated = config.corroborate() == null ? null
                : Corroboration.apply(config.features(), x, ratios, config.corroborate());
        Vetoes.Flags flags = Vetoes.withRatios(x, forest.outlier(), config.minSeparation(), config.upperTail(),
                config.minRatio(), corroborated == null ? ratios : corroborated.ratios());
        TrackRecord.Weights weights = TrackRecord.apply(ids, baseWeights, flags.flagged(), flags.count(), context.round(),
                config.warmup(), config.decay(), config.blockAfter(),
                FedDetectState.readTrackRecord(context.strategyState()), config.excludeFlagged());
        double[] w = weights.weights();
        List<ModelWeights> gs = Aggregate.generators(updates);
        MedianNormClip.Clipped clipped = config.clipToMedian() ? MedianNormClip.apply(context.globalGenerator(), gs) : null;
        ModelWeights g = Aggregate.weightedMean(clipped == null ? gs : clipped.generators(), w);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, w);

        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Double> input = new LinkedHashMap<>();
            for (int f = 0; f < x[i].length; f++) {
                input.put(config.features().get(f), x[i][f]);
            }
            String reason = FedDetectReasons.of(config, context.round(), i, n, forest, flags, weights);
            if (corroborated != null && corroborated.discounted()[i] > 0) {
                reason += String.format(java.util.Locale.ROOT, "; a resemblance ratio of %.3g not counted: no image"
                        + " feature at corroborate %.3g", corroborated.discounted()[i], config.corroborate());
            }
            if (groups != null && !groups.partners(i).isEmpty()) {
                List<Integer> with = new ArrayList<>();
                for (int j : groups.partners(i)) {
                    with.add(ids[j]);
                }
                reason += String.format(java.util.Locale.ROOT, "; its strongest window overlaps those of clients %s:"
                        + " weighed by their pooled share %.3g (pool_co_located)", with, groups.pooled()[i] / total(baseWeights));
            }
            if (clipped != null && clipped.factors()[i] < 1) {
                reason += String.format(java.util.Locale.ROOT, "; update clipped to the median norm %.4g (factor %.3f)",
                        clipped.median(), clipped.factors()[i]);
            }
            decisions.add(new ClientDecision(ids[i], baseWeights[i], w[i], input, forest.scores()[i],
                    flags.flagged()[i], weights.applied() && flags.flagged()[i], weights.counts()[i], reason));
        }
        return new AggregationResult(g, d, decisions, FedDetectState.write(weights.record(), memory.remembered()));
    }

    /** The round's groups of co-located deviating clients ({@link CoLocation}). */
    private CoLocation.Groups coLocated(FeatureInput in, double[][] x, double[] baseWeights) {
        int f = config.features().indexOf("output_deviation"); // present: the settings refuse it otherwise
        double[][] raw = Vetoes.ratiosByFeature(x, null);
        ProbeDeviations.Maps m = in.deviations().maps(in, "output_deviation");
        int window = OutputDeviation.defaultWindow(m.res());
        int n = x.length;
        boolean[] deviating = new boolean[n];
        int[] windows = new int[n];
        for (int i = 0; i < n; i++) {
            deviating[i] = raw[i][f] >= config.minRatio();
            windows[i] = OutputDeviation.strongestWindow(m.perClient()[i], m.channels(), m.res(), window);
        }
        return CoLocation.group(baseWeights, deviating, windows, m.res(), window);
    }

    private static double total(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    /** The clients' ids; an error when one appears twice (the track record is keyed by id). */
    private static int[] distinctIds(List<ClientUpdate> updates) {
        Set<Integer> seen = new HashSet<>();
        int[] ids = new int[updates.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = updates.get(i).clientId();
            if (!seen.add(ids[i])) {
                throw new IllegalArgumentException("feddetect: client id " + ids[i] + " appears twice in one round");
            }
        }
        return ids;
    }
}
