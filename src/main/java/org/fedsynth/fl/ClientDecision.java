package org.fedsynth.fl;

import java.util.Map;

/**
 * The server's decision about one client in one round: the audit record that a strategy returns
 * for every client it was given.
 *
 * @param clientId the client
 * @param baseWeight the weight before any defense (sample-count or uniform share, sums to 1)
 * @param weight the weight actually used to aggregate (sums to 1 over clients)
 * @param detectorInput the values the detector saw for this client (empty when no detector)
 * @param score the anomaly score, or {@code NaN} when the strategy does not score
 * @param flagged whether the strategy flagged the client this round
 * @param applied whether the flag changed the weight this round (false during warm-up or when the
 *     majority guard held)
 * @param trackRecord how many applied flags the client has accumulated
 * @param reason a short human-readable reason (for example "kept", "flagged: score 0.71 &gt; 0.5")
 */
public record ClientDecision(
        int clientId,
        double baseWeight,
        double weight,
        Map<String, Double> detectorInput,
        double score,
        boolean flagged,
        boolean applied,
        int trackRecord,
        String reason) {

    /** Copies the input map. */
    public ClientDecision {
        detectorInput = Map.copyOf(detectorInput);
    }

    /** A plain "kept with this weight" decision for strategies without a detector. */
    public static ClientDecision kept(int clientId, double baseWeight, double weight, String reason) {
        return new ClientDecision(clientId, baseWeight, weight, Map.of(), Double.NaN, false, false, 0, reason);
    }
}
