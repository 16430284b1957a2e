package org.fedsynth.fl.sim;

import org.fedsynth.gan.BatchSource;

/**
 * Each simulated client's real data, per round. A plain run returns the same source every round;
 * an attack experiment returns a poisoned source for a malicious client from the attack's start
 * round on.
 */
public interface ClientSources {

    /** Number of clients. */
    int count();

    /** The data client {@code client} trains on in round {@code round}. */
    BatchSource forRound(int round, int client);
}
