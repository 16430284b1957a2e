package org.fedsynth.fl;

/**
 * What a client reports to the server after a round of local training.
 *
 * @param clientId the client's id
 * @param round the round this update belongs to
 * @param generator the client's locally trained generator
 * @param discriminator the client's discriminator, or {@code null} when discriminators are not averaged
 * @param samples the number of training images the client holds (FedAvg weight)
 * @param stats the client's local losses
 */
public record ClientUpdate(
        int clientId, int round, ModelWeights generator, ModelWeights discriminator, long samples, LocalStats stats) {

    /** Validates the ids and counts. */
    public ClientUpdate {
        if (samples <= 0) {
            throw new IllegalArgumentException("client " + clientId + ": samples must be positive, found " + samples);
        }
        if (generator == null) {
            throw new IllegalArgumentException("client " + clientId + ": update has no generator");
        }
    }
}
