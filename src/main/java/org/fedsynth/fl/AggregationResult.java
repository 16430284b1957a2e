package org.fedsynth.fl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of one aggregation: the new global models, the decision about every client (the
 * main result of a defense, never thrown away), and the state to carry into the next round.
 *
 * @param generator the new global generator
 * @param discriminator the new global discriminator, or {@code null} when not averaged
 * @param decisions one decision per client update, in the order the updates were given
 * @param state the strategy's state for the next round (stored in checkpoints)
 */
public record AggregationResult(
        ModelWeights generator, ModelWeights discriminator, List<ClientDecision> decisions, JsonNode state) {

    /** Copies the decision list. */
    public AggregationResult {
        decisions = List.copyOf(decisions);
    }
}
