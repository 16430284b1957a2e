package org.fedsynth.fl.client;

import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.AdamState;

/**
 * What a client keeps privately between rounds: its discriminator and both optimizers' states.
 * Never sent to the server (unless discriminators are averaged, when only D's weights are).
 *
 * @param clientId the client
 * @param discriminator its private discriminator
 * @param optG its generator optimizer state, or {@code null} before the first round
 * @param optD its discriminator optimizer state, or {@code null} before the first round
 */
public record ClientState(int clientId, ModelWeights discriminator, AdamState optG, AdamState optD) {}
