/**
 * The networked federation: a gRPC coordinator ({@link org.fedsynth.net.server}) and hospital
 * sites ({@link org.fedsynth.net.client}) exchanging the messages of {@code src/main/proto/fedsynth.proto}
 * (generated into {@code org.fedsynth.net.proto}). Only parameters and scalar losses leave a site.
 * The server runs the same {@link org.fedsynth.fl.AggregationStrategy} and
 * {@link org.fedsynth.fl.server.RoundServer} as the simulation.
 */
package org.fedsynth.net;
