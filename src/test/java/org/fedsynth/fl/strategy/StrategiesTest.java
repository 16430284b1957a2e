package org.fedsynth.fl.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.detect.Contamination;
import org.fedsynth.fl.detect.LossStatistic;
import org.fedsynth.fl.detect.Tail;
import org.fedsynth.fl.detect.Vetoes;
import org.junit.jupiter.api.Test;

class StrategiesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Map<String, Object> section(String yaml) throws Exception {
        Map<String, Map<String, Object>> root = YAML.readValue(yaml, new TypeReference<>() {});
        return root.get("strategy");
    }

    private static String error(Map<String, Object> section) {
        return assertThrows(IllegalArgumentException.class, () -> Strategies.create(section)).getMessage();
    }

    @Test
    void fedDetectFromYamlSection() throws Exception {
        AggregationStrategy s = Strategies.create(section("strategy: {name: feddetect, trees: 100, contamination: auto,"
                + " warmup: 10, decay: 0.9, statistic: mean, block_after: null, features: [lossG]}"));
        FedDetectSettings c = assertInstanceOf(FedDetect.class, s).config();
        assertEquals(FedDetectSettings.defaults(), c);
    }

    @Test
    void fedDetectAllParameters() throws Exception {
        AggregationStrategy s = Strategies.create(section("strategy: {name: feddetect, trees: 50, max_samples: 8,"
                + " contamination: 0.1, warmup: 0, decay: 0.5, statistic: last, block_after: 3,"
                + " features: [lossG, lossD, update_norm], min_separation: 2.5, tail: upper, memory: 0.5, min_ratio: 2, probe_samples: 8,"
                + " probe: fresh, exclude_flagged: true}"));
        FedDetectSettings c = ((FedDetect) s).config();
        assertEquals(new FedDetectSettings(50, 8, Contamination.fraction(0.1), 0, 0.5, LossStatistic.LAST, 3,
                List.of("lossG", "lossD", "update_norm"), 2.5, Tail.UPPER, 0.5, 2.0, 8,
                org.fedsynth.fl.detect.ProbeDraw.FRESH, false, false, null, true, false), c);
        assertNull(((FedDetect) Strategies.create(section("strategy: {name: feddetect, max_samples: auto}")))
                .config().maxSamples());
    }

    @Test
    void typedSectionCarriesTheDetectionWarmup() throws Exception {
        com.fasterxml.jackson.databind.JsonNode n = YAML.valueToTree(section("strategy: {name: feddetect, warmup: 3, clip_bound: 1}"));
        StrategySection s = Strategies.settings(n);
        assertEquals(3, s.detectionWarmup());
        assertInstanceOf(NormClipping.class, s.create());
        assertEquals(0, Strategies.settings(YAML.valueToTree(section("strategy: {name: krum}"))).detectionWarmup());
        assertEquals(List.of("f", "m", "clip_bound", "noise_sigma"), Strategies.parameters("krum"));
    }

    @Test
    void otherStrategies() throws Exception {
        assertInstanceOf(FedAvg.class, Strategies.create(section("strategy: {name: fedavg}")));
        assertInstanceOf(CoordinateMedian.class, Strategies.create(section("strategy: {name: median}")));
        assertEquals(0.2, ((TrimmedMean) Strategies.create(section("strategy: {name: trimmed_mean, beta: 0.2}"))).beta());
        Krum k = (Krum) Strategies.create(section("strategy: {name: krum, f: 2, m: 3}"));
        assertEquals(2, k.f());
        assertEquals(3, k.m());
        NormClipping nc = (NormClipping) Strategies.create(
                section("strategy: {name: median, clip_bound: 2.0, noise_sigma: 0.01}"));
        assertInstanceOf(CoordinateMedian.class, nc.inner());
        assertEquals(2.0, nc.clipBound());
        assertEquals(0.01, nc.sigma());
        NormClipping noiseOnly = (NormClipping) Strategies.create("fedavg", Map.of("noise_sigma", 0.05));
        assertEquals(Double.POSITIVE_INFINITY, noiseOnly.clipBound());
    }

    @Test
    void errorsNameFieldValueAndAllowedRange() throws Exception {
        assertEquals("strategy.decay must be in (0, 1], found 1.5", error(section("strategy: {name: feddetect, decay: 1.5}")));
        assertEquals("strategy.tres is not a parameter of feddetect; allowed: [trees, max_samples, contamination, "
                + "warmup, decay, statistic, block_after, features, min_separation, tail, memory, min_ratio, probe_samples, probe, clip_to_median, scale_by_share, corroborate, exclude_flagged, pool_co_located, clip_bound, noise_sigma]",
                error(section("strategy: {name: feddetect, tres: 100}")));
        assertEquals("strategy.beta is not a parameter of fedavg; allowed: [clip_bound, noise_sigma]",
                error(section("strategy: {name: fedavg, beta: 0.1}")));
        assertEquals("strategy.name must be one of [fedavg, median, trimmed_mean, krum, bulyan, geometric_median, flame, foolsgold, feddetect], found \"fedprox\"",
                error(section("strategy: {name: fedprox}")));
        assertEquals("strategy.contamination must be auto or in (0, 0.5], found 0.7",
                error(section("strategy: {name: feddetect, contamination: 0.7}")));
        assertEquals("strategy.contamination must be auto or in (0, 0.5], found \"many\"",
                error(section("strategy: {name: feddetect, contamination: many}")));
        assertEquals("strategy.statistic must be one of [mean, last], found \"median\"",
                error(section("strategy: {name: feddetect, statistic: median}")));
        assertEquals("strategy.trees must be an integer, found 1.5", error(section("strategy: {name: feddetect, trees: 1.5}")));
        assertEquals("strategy.features: unknown feature \"loss\", allowed: [lossG, lossD, update_norm, update_distance, krum_score, output_deviation, output_deviation_global, output_deviation_now, update_redundancy, update_duplicate, update_angle]",
                error(section("strategy: {name: feddetect, features: [loss]}")));
        assertEquals("strategy.beta must be in [0, 0.5), found 0.5", error(section("strategy: {name: trimmed_mean, beta: 0.5}")));
        assertEquals("strategy.f must be >= 0, found -1", error(section("strategy: {name: krum, f: -1}")));
        assertEquals("strategy.clip_bound must be > 0, found 0.0", error(section("strategy: {name: krum, clip_bound: 0}")));
        assertEquals("strategy.name is required, one of [fedavg, median, trimmed_mean, krum, bulyan, geometric_median, flame, foolsgold, feddetect]",
                error(new HashMap<>()));
        Map<String, Object> nullTrees = new HashMap<>();
        nullTrees.put("trees", null);
        assertEquals("strategy.trees must be an integer, found null", assertThrows(IllegalArgumentException.class,
                () -> Strategies.create("feddetect", nullTrees)).getMessage());
        assertEquals("strategy.warmup must be an integer, found \"2\"",
                error(section("strategy: {name: feddetect, warmup: '2'}")));
        assertEquals("strategy.max_samples must be an integer >= 1 or auto, found \"x\"",
                error(section("strategy: {name: feddetect, max_samples: x}")));
        assertEquals("strategy.tail must be one of [both, upper], found \"up\"",
                error(section("strategy: {name: feddetect, tail: up}")));
    }
}
