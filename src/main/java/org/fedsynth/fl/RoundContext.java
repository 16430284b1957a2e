package org.fedsynth.fl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What a strategy knows about the round besides the updates: the round number, the global models
 * the clients started from, and the strategy's own state carried over from the previous round.
 *
 * @param round the round number (1-based)
 * @param globalGenerator the global generator the clients started this round from
 * @param globalDiscriminator the global discriminator, or {@code null} when not averaged
 * @param strategyState the state returned by the strategy in the previous round (an empty object at
 *     round 1); strategies never mutate it
 * @param seed a seed for any randomness the strategy needs this round (derived from the run seed)
 * @param probe renders a generator on a fixed probe batch (for output-space detector features), or
 *     {@code null} where the runner offers none
 */
public record RoundContext(
        int round, ModelWeights globalGenerator, ModelWeights globalDiscriminator, JsonNode strategyState, long seed,
        GeneratorProbe probe) {

    /** A context without a generator probe. */
    public RoundContext(int round, ModelWeights globalGenerator, ModelWeights globalDiscriminator, JsonNode strategyState,
            long seed) {
        this(round, globalGenerator, globalDiscriminator, strategyState, seed, null);
    }

    /** Replaces a missing state with an empty object. */
    public RoundContext {
        if (strategyState == null) {
            strategyState = JsonNodeFactory.instance.objectNode();
        }
    }
}
