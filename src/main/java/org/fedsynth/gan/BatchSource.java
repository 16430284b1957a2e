package org.fedsynth.gan;

import java.util.Random;

/**
 * Where a client's real batches come from. The backdoor attack is a decorator on this interface:
 * it changes the real images a malicious client's discriminator sees, and nothing else.
 */
public interface BatchSource {

    /** Number of images the client holds (its FedAvg sample count). */
    int size();

    /** Draws the next real batch of {@code batchSize} images, using {@code rng} for any randomness. */
    RealBatch next(int batchSize, Random rng);

    /**
     * The classes the client holds images of, ascending; {@code null} when the source does not say
     * (class-balanced fake labels are then drawn over every class of the model).
     */
    default int[] classesHeld() {
        return null;
    }
}
