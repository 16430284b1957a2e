package org.fedsynth.fl.sim;

import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.gan.BatchSource;

/**
 * Each simulated client's own real data and behaviours. An attack experiment gives a malicious
 * client behaviours (poisoned batches from the attack's start round on, a scaled update), which
 * the local trainer applies; the data returned here is always the client's own.
 */
public interface ClientSources {

    /** Number of clients. */
    int count();

    /** The data client {@code client} trains on in round {@code round}, before its behaviours. */
    BatchSource forRound(int round, int client);

    /** What client {@code client} does differently (none for an honest client). */
    default ClientBehaviours behaviours(int client) {
        return ClientBehaviours.none();
    }

    /**
     * Whose random streams (training stream, initial discriminator) client {@code client} uses: its own,
     * except for sybils ({@code attack.sybils}), which share the first malicious client's.
     */
    default int streamOf(int client) {
        return client;
    }
}
