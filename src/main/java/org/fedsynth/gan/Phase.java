package org.fedsynth.gan;

import java.util.List;

/**
 * One phase of a local step, as data: which network it updates and how it sees the fake batch. The
 * workbench runs a step's phases in order in their own gradient collectors; the first phase
 * generates the step's fake batch, and every later phase reuses it.
 *
 * @param updates the network whose optimizer steps after this phase (the other one is frozen)
 * @param scoresReal whether D also scores the real batch in this phase (before the fake batch)
 */
public record Phase(Network updates, boolean scoresReal) {

    /** The two networks. */
    public enum Network {
        /** The discriminator: it sees the fake batch detached, so no gradient reaches G. */
        DISCRIMINATOR,
        /** The generator: D is frozen and the fake batch stays attached to G's graph. */
        GENERATOR
    }

    /** D update on the real and the detached fake batch. */
    public static final Phase DISCRIMINATOR_ON_REAL_AND_FAKE = new Phase(Network.DISCRIMINATOR, true);
    /** G update through the same fake batch with D frozen. */
    public static final Phase GENERATOR_THROUGH_FAKE = new Phase(Network.GENERATOR, false);

    /** The DCGAN step: one D update, then one G update through the same fake batch. */
    public static final List<Phase> DCGAN_STEP = List.of(DISCRIMINATOR_ON_REAL_AND_FAKE, GENERATOR_THROUGH_FAKE);
}
