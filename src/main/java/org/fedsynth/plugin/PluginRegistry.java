package org.fedsynth.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.TriggerSpec;
import org.fedsynth.fl.detect.feature.KrumScoreFeature;
import org.fedsynth.fl.detect.feature.LossDFeature;
import org.fedsynth.fl.detect.feature.LossGFeature;
import org.fedsynth.fl.detect.feature.OutputDeviationFeature;
import org.fedsynth.fl.detect.feature.OutputDeviationGlobalFeature;
import org.fedsynth.fl.detect.feature.OutputDeviationNowFeature;
import org.fedsynth.fl.detect.feature.UpdateAngleFeature;
import org.fedsynth.fl.detect.feature.UpdateRedundancyFeature;
import org.fedsynth.fl.detect.feature.UpdateDistanceFeature;
import org.fedsynth.fl.detect.feature.UpdateNormFeature;
import org.fedsynth.fl.strategy.BulyanSettings;
import org.fedsynth.fl.strategy.ClipSettings;
import org.fedsynth.fl.strategy.FedAvgSettings;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.fedsynth.fl.strategy.FlameSettings;
import org.fedsynth.fl.strategy.FoolsGoldSettings;
import org.fedsynth.fl.strategy.GeometricMedianSettings;
import org.fedsynth.fl.strategy.KrumSettings;
import org.fedsynth.fl.strategy.MedianSettings;
import org.fedsynth.fl.strategy.TrimmedMeanSettings;

/**
 * The one list of FedSynth's plug-ins, by kind and name, in the order {@code train --help} and
 * docs/CONFIG.md show them ({@link PluginDocs}).
 *
 * <p>Adding a plug-in is one line in the static block below. For a strategy:
 * {@code register(Plugin.of(STRATEGY, "flame", FlameSettings.defaults(), "..."))}, where
 * {@code FlameSettings} is a record implementing {@code StrategySettings}. An attack behaviour or a
 * trigger whose settings record lives in {@code org.fedsynth.attack} is registered the same way:
 * {@code register(Plugin.of(ATTACK, "scale", ScaleSettings.defaults(), "..."))} or
 * {@code register(Plugin.of(TRIGGER, "patch", PatchSettings.defaults(), "..."))}; a detector
 * feature without keys is {@code register(Plugin.keyless(FEATURE, "lossG", new LossGFeature(), "..."))}.
 *
 * <p>Detector features come first: FedDetect's settings check their feature names against this
 * registry while it is being filled.
 */
public final class PluginRegistry {

    /** An aggregation strategy ({@code strategy.name}). */
    public static final String STRATEGY = "strategy";
    /** A defense wrapping any strategy ({@code clip_bound}/{@code noise_sigma} beside its keys). */
    public static final String WRAPPER = "wrapper";
    /** A FedDetect detector feature ({@code strategy.features}). */
    public static final String FEATURE = "feature";
    /** A client attack behaviour ({@code attack}). */
    public static final String ATTACK = "attack";
    /** A backdoor trigger ({@code attack.trigger}). */
    public static final String TRIGGER = "trigger";

    /** Every kind, in display order. */
    public static final List<String> KINDS = List.of(STRATEGY, WRAPPER, FEATURE, ATTACK, TRIGGER);

    private static final Map<String, Map<String, Plugin>> BY_KIND = new LinkedHashMap<>();

    static {
        for (String k : KINDS) {
            BY_KIND.put(k, new LinkedHashMap<>());
        }
        register(Plugin.keyless(FEATURE, "lossG", new LossGFeature(), "the local generator loss (per statistic)"));
        register(Plugin.keyless(FEATURE, "lossD", new LossDFeature(), "the local discriminator loss (per statistic)"));
        register(Plugin.keyless(FEATURE, "update_norm", new UpdateNormFeature(),
                "L2 norm of the client's generator minus the global generator"));
        register(Plugin.keyless(FEATURE, "update_distance", new UpdateDistanceFeature(),
                "L2 distance of the client's generator from the coordinate-wise median of this round's generators (not in the paper)"));
        register(Plugin.keyless(FEATURE, "krum_score", new KrumScoreFeature(),
                "Krum score with f = 0: sum of squared distances to the n - 2 nearest generators (not in the paper)"));
        register(Plugin.keyless(FEATURE, "output_deviation", new OutputDeviationFeature(),
                "strongest consistent, localized difference of the client's probe images from the pixel-wise median (not in the paper)"));
        register(Plugin.keyless(FEATURE, "output_deviation_global", new OutputDeviationGlobalFeature(),
                "the same consistent difference averaged over the whole image, for full-image triggers (not in the paper)"));
        register(Plugin.keyless(FEATURE, "output_deviation_now", new OutputDeviationNowFeature(),
                "output_deviation on this round's images alone, without the remembered maps: no lag (not in the paper)"));
        register(Plugin.keyless(FEATURE, "update_redundancy", new UpdateRedundancyFeature(),
                "-ln(1 - the largest cosine of the client's generator update with another client's): sybils (not in the paper)"));
        register(Plugin.keyless(FEATURE, "update_duplicate", new UpdateRedundancyFeature(UpdateRedundancyFeature.DUPLICATE_COS),
                "update_redundancy counted only from a cosine of 0.9 (near-duplicate updates: sybils), else 0 (not in the paper)"));
        register(Plugin.keyless(FEATURE, "update_angle", new UpdateAngleFeature(),
                "-ln cos of the client's generator update with the other clients' mean update: scale-free (not in the paper)"));

        register(Plugin.of(WRAPPER, "clip", ClipSettings.defaults(),
                "norm clipping / weak DP (Sun et al. 2019): accepted beside any strategy's keys"));

        register(Plugin.of(STRATEGY, "fedavg", FedAvgSettings.defaults(), "base-weighted mean (McMahan et al. 2017)"));
        register(Plugin.of(STRATEGY, "median", MedianSettings.defaults(), "coordinate-wise median, unweighted (Yin et al. 2018)"));
        register(Plugin.of(STRATEGY, "trimmed_mean", TrimmedMeanSettings.defaults(),
                "coordinate-wise trimmed mean, unweighted (Yin et al. 2018)"));
        register(Plugin.of(STRATEGY, "krum", KrumSettings.defaults(), "Krum / Multi-Krum (Blanchard et al. 2017)"));
        register(Plugin.of(STRATEGY, "bulyan", BulyanSettings.defaults(),
                "Krum selection of n - 2f, then per coordinate the mean of the n - 4f values closest to the median"
                        + " (El Mhamdi et al. 2018); needs n >= 4f + 3"));
        register(Plugin.of(STRATEGY, "geometric_median", GeometricMedianSettings.defaults(),
                "RFA: weighted geometric median by smoothed Weiszfeld (Pillutla et al. 2022)"));
        register(Plugin.of(STRATEGY, "flame", FlameSettings.defaults(),
                "HDBSCAN over cosine distances keeps the majority cluster, clipped to the median norm, plus noise"
                        + " (Nguyen et al. 2022)"));
        register(Plugin.of(STRATEGY, "foolsgold", FoolsGoldSettings.defaults(),
                "down-weights clients whose update histories point the same way (sybils; Fung et al. 2020)"));
        register(Plugin.of(STRATEGY, "feddetect", FedDetectSettings.defaults(),
                "isolation-forest outlier detection with a decaying track record (Jin and Li 2023)"));

        register(Plugin.of(ATTACK, "backdoor", AttackSpec.defaults(),
                "the attack section: malicious clients poison their real images with a trigger (a data behaviour,"
                        + " Jin and Li 2023) and may scale their update (an update behaviour, Bagdasaryan et al. 2020)"));
        register(Plugin.of(TRIGGER, "trigger", TriggerSpec.defaults(),
                "attack.trigger: what a malicious client pastes: pattern | noise | image (patch triggers) or frequency"
                        + " (a low-frequency blend after Feng et al. 2022)"));
    }

    private PluginRegistry() {}

    /**
     * Adds a plug-in; an error when its kind is unknown or its name is taken in that kind.
     * Call it from the static block of this class so the order is fixed and every plug-in is
     * known before a config is read.
     */
    public static synchronized void register(Plugin p) {
        Map<String, Plugin> kind = BY_KIND.get(p.kind());
        if (kind == null) {
            throw new IllegalArgumentException("unknown plug-in kind \"" + p.kind() + "\", one of " + KINDS);
        }
        if (kind.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("plug-in " + p.kind() + "/" + p.name() + " is registered twice");
        }
    }

    /** Removes a plug-in (for tests that register one of their own); no-op when absent. */
    static synchronized void remove(String kind, String name) {
        Map<String, Plugin> m = BY_KIND.get(kind);
        if (m != null) {
            m.remove(name);
        }
    }

    /** The plug-ins of a kind, in registration order. */
    public static synchronized List<Plugin> plugins(String kind) {
        Map<String, Plugin> m = BY_KIND.get(kind);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** The names of a kind's plug-ins, in registration order. */
    public static synchronized List<String> names(String kind) {
        Map<String, Plugin> m = BY_KIND.get(kind);
        return m == null ? List.of() : new ArrayList<>(m.keySet());
    }

    /** The plug-in of this kind and name, if registered. */
    public static synchronized Optional<Plugin> find(String kind, String name) {
        Map<String, Plugin> m = BY_KIND.get(kind);
        return Optional.ofNullable(m == null ? null : m.get(name));
    }

    /** The single plug-in of a kind that has exactly one (the defense wrapper); an error otherwise. */
    public static Plugin only(String kind) {
        List<Plugin> ps = plugins(kind);
        if (ps.size() != 1) {
            throw new IllegalStateException("expected one " + kind + " plug-in, found " + ps.size());
        }
        return ps.get(0);
    }

    /** The instance of a keyless plug-in, cast to {@code type}; an error naming the allowed names. */
    public static <T> T instance(String kind, String name, Class<T> type) {
        Plugin p = find(kind, name).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + kind + " \"" + name + "\", allowed: " + names(kind)));
        return type.cast(p.instance());
    }
}
