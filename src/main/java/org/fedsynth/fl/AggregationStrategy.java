package org.fedsynth.fl;

import java.util.List;

/**
 * The server's aggregation rule: one interface for FedAvg, the robust aggregators and FedDetect,
 * used unchanged by the in-process simulation and the networked server.
 *
 * <p>Implementations are pure: they never mutate the updates or the context, keep no hidden state
 * between rounds (what they need comes in {@link RoundContext#strategyState()} and goes out in
 * {@link AggregationResult#state()}), and fail fast when their assumptions do not hold.
 */
public interface AggregationStrategy {

    /** A short name for logs and tables, for example {@code fedavg} or {@code feddetect}. */
    String name();

    /**
     * Combines the clients' updates into new global models.
     *
     * @param context the round, the starting global models and the carried state
     * @param updates one update per participating client (at least one)
     * @param baseWeights each client's weight before any defense, aligned with {@code updates},
     *     summing to 1
     * @return the new global models and one decision per update
     */
    AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights);
}
