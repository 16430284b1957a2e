package org.fedsynth.fl.client;

/**
 * Something a client does differently in its local round, passed to {@link LocalClient#trainRound}.
 * There are three kinds, each applied at one point of the round, and the same in simulation and
 * over the network because both transports call the same trainer:
 * <ul>
 *   <li>{@link DataBehaviour}: changes the batches (poisoning, augmentation);
 *   <li>{@link ObjectiveBehaviour}: adds a term to the D or the G loss;
 *   <li>{@link UpdateBehaviour}: transforms the outgoing update (scale, project, report other losses).
 * </ul>
 * A behaviour decides itself in which rounds it is active.
 */
public sealed interface ClientBehaviour permits DataBehaviour, ObjectiveBehaviour, UpdateBehaviour {}
