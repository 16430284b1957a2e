package org.fedsynth.fl.client;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;

/**
 * A behaviour that transforms the update a client sends (see {@link ClientBehaviour}). It changes
 * only what is sent: the state the client keeps for its next round is the one it trained.
 */
@FunctionalInterface
public non-sealed interface UpdateBehaviour extends ClientBehaviour {

    /**
     * The update to send instead of {@code update} ({@code update} itself when inactive in
     * {@code update.round()}).
     *
     * @param globalG the global generator the round started from
     * @param globalD the global discriminator, or {@code null} when discriminators stay private
     */
    ClientUpdate apply(ClientUpdate update, ModelWeights globalG, ModelWeights globalD);
}
