package org.fedsynth.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;

/**
 * One client's audit line in {@code metrics.jsonl} ({@code "type": "client"}): what it reported and
 * what the server decided. Both transports write exactly these fields ({@link MetricsLog#append}).
 *
 * @param round the round
 * @param client the client index
 * @param clientName the client's display name (networked runs), or {@code null}
 * @param lossD mean local discriminator loss
 * @param lossDLast last local discriminator loss
 * @param lossG mean local generator loss
 * @param lossGLast last local generator loss
 * @param samples the client's sample count
 * @param baseWeight the weight before any defense
 * @param weight the weight used
 * @param flagged whether the strategy flagged the client
 * @param applied whether the flag changed the weight
 * @param trackRecord applied flags so far
 * @param reason the strategy's reason
 * @param malicious the ground truth (the attack plan, or the site's declaration)
 * @param score the anomaly score, or {@code null} when the strategy does not score
 * @param detectorInput what the detector saw, or {@code null} when no detector
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "round", "client", "client_name"})
public record ClientRecord(
        int round,
        int client,
        @JsonProperty("client_name") String clientName,
        double lossD,
        @JsonProperty("lossD_last") double lossDLast,
        double lossG,
        @JsonProperty("lossG_last") double lossGLast,
        long samples,
        @JsonProperty("base_weight") double baseWeight,
        double weight,
        boolean flagged,
        boolean applied,
        @JsonProperty("track_record") int trackRecord,
        String reason,
        boolean malicious,
        Double score,
        @JsonProperty("detector_input") Map<String, Double> detectorInput) {

    /** The record type. */
    @JsonProperty("type")
    public String type() {
        return "client";
    }

    /** The record of update {@code u} and decision {@code d}. */
    public static ClientRecord of(ClientUpdate u, ClientDecision d, boolean malicious, String name) {
        return new ClientRecord(u.round(), u.clientId(), name, u.stats().lossDMean(), u.stats().lossDLast(),
                u.stats().lossGMean(), u.stats().lossGLast(), u.samples(), d.baseWeight(), d.weight(), d.flagged(),
                d.applied(), d.trackRecord(), d.reason(), malicious, Double.isNaN(d.score()) ? null : d.score(),
                d.detectorInput().isEmpty() ? null : new TreeMap<>(d.detectorInput()));
    }
}
