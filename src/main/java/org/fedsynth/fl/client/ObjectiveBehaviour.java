package org.fedsynth.fl.client;

import org.fedsynth.gan.LossTerm;

/** A behaviour that adds a term to the D or the G loss of local training (see {@link ClientBehaviour}). */
@FunctionalInterface
public non-sealed interface ObjectiveBehaviour extends ClientBehaviour {

    /** The term added in {@code round}, or {@code null} when inactive there. */
    LossTerm term(int round);

    /**
     * Whether its term compares against the round's global generator ({@link
     * org.fedsynth.gan.PhaseTensors#anchor}): the local trainer then loads that generator, frozen.
     */
    default boolean needsGlobalGenerator() {
        return false;
    }
}
