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

    /**
     * Why this strategy cannot be run against {@code attackers} colluding clients of {@code n}: the
     * message names its assumption and the key to change, or {@code null} when it makes no assumption
     * or the assumption holds (the default: no assumption, as for FedAvg).
     */
    default String refuseAttackers(int attackers, int n) {
        return null;
    }

    /**
     * The L2 bound this server clips each client's delta to and announces to the clients, or
     * {@code null} when it does not clip (the default).
     */
    default Double announcedClipBound() {
        return null;
    }

    /**
     * The refusal of a strategy that assumes an honest majority: at most {@code floor((n - 1) / 2)}
     * attackers, or {@code null} when {@code attackers} is within it.
     */
    static String honestMajority(String what, int attackers, int n) {
        int max = (n - 1) / 2;
        return attackers <= max ? null : what + " assumes an honest majority: at most floor((n - 1) / 2) = " + max
                + " attackers of " + n + " clients; found " + attackers + " (use fewer attackers or more clients)";
    }
}
