package org.fedsynth.fl.client;

import org.fedsynth.gan.BatchSource;

/** A behaviour that changes the real batches a client trains on (see {@link ClientBehaviour}). */
@FunctionalInterface
public non-sealed interface DataBehaviour extends ClientBehaviour {

    /** The batches to train on in {@code round}: {@code data} itself when inactive, else a decorator around it. */
    BatchSource apply(int round, BatchSource data);
}
