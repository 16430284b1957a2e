package org.fedsynth.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's line for one round in {@code metrics.jsonl} ({@code "type": "round"}). Both
 * transports write exactly these fields ({@link MetricsLog#append}); the observers' measurements
 * (for example {@code trigger_score}, {@code backdoor_rate}) appear as top-level fields.
 *
 * @param round the round
 * @param strategy the strategy's name
 * @param clients updates aggregated
 * @param rejected updates rejected
 * @param trainMs from the round's opening to the start of aggregation
 * @param aggregateMs aggregation (strategy and decisions)
 * @param sampled the clients asked to train (the simulation) or whose updates were aggregated (network)
 * @param dropped clients that did not answer by the deadline (network; empty in the simulation)
 * @param rejections why updates were rejected
 * @param observed the observers' measurements
 * @param roundMs the whole round
 * @param heapMb JVM heap in use
 * @param rssMb resident set size
 */
@JsonPropertyOrder({"type", "round", "strategy", "clients", "rejected", "train_ms", "aggregate_ms"})
public record RoundRecord(
        int round,
        String strategy,
        int clients,
        int rejected,
        @JsonProperty("train_ms") double trainMs,
        @JsonProperty("aggregate_ms") double aggregateMs,
        List<Integer> sampled,
        List<String> dropped,
        List<String> rejections,
        @JsonIgnore Map<String, Double> observed,
        @JsonProperty("round_ms") double roundMs,
        @JsonProperty("heap_mb") double heapMb,
        @JsonProperty("rss_mb") double rssMb) {

    /** Copies the collections. */
    public RoundRecord {
        sampled = List.copyOf(sampled);
        dropped = List.copyOf(dropped);
        rejections = List.copyOf(rejections);
        observed = new TreeMap<>(observed);
    }

    /** The record type. */
    @JsonProperty("type")
    public String type() {
        return "round";
    }

    /** The observers' measurements as top-level fields. */
    @JsonAnyGetter
    public Map<String, Double> observedFields() {
        return observed;
    }
}
