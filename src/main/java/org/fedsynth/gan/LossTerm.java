package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;

/**
 * A term added to the D or the G loss (see {@link GanObjective#plus}): the hook of a client's
 * objective behaviour. Each method returns a scalar in the step's manager, or {@code null} to add
 * nothing to that loss.
 */
public interface LossTerm {

    /** The term added to the discriminator's loss, or {@code null}. */
    default NDArray discriminatorTerm(PhaseTensors t) {
        return null;
    }

    /** The term added to the generator's loss, or {@code null}. */
    default NDArray generatorTerm(PhaseTensors t) {
        return null;
    }
}
