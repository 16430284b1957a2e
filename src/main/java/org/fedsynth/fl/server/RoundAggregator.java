package org.fedsynth.fl.server;

import java.util.List;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;

/**
 * The aggregation step of a server round ({@link RoundServer}): compute the base weights, call the
 * strategy on the validated updates ({@link UpdateValidator}), and check what it returned: one
 * decision per update, weights summing to 1, a generator of the global model's layout.
 */
public final class RoundAggregator {

    /**
     * How clients are weighted before any defense: by their sample counts (FedAvg, McMahan et al. 2017) or
     * equally, then no client above {@code maxShare} of the round (1 = no cap).
     *
     * <p>The cap exists because sample-count weighting hands a site its share before any defense runs, and
     * the count is the site's own word: a site that holds (or claims) most of the federation's images
     * outweighs every honest site, and a detector that compares a client with the others' median cannot
     * outvote it. A capped client's surplus goes to the others in proportion to their weights, repeated
     * until none is above the cap (water filling), so the order of the others is kept. A cap below
     * {@code 1/n} cannot be met by {@code n} clients; the round is then weighted equally.
     *
     * @param bySamples weights proportional to sample counts, else equal
     * @param maxShare the largest base weight any one client gets, in {@code (0, 1]}
     */
    public record Weighting(boolean bySamples, double maxShare) {

        /** Proportional to each client's sample count, no cap. */
        public static final Weighting SAMPLES = new Weighting(true, 1.0);
        /** Equal weights. */
        public static final Weighting UNIFORM = new Weighting(false, 1.0);

        /** Checks the cap. */
        public Weighting {
            if (!(maxShare > 0 && maxShare <= 1)) {
                throw new IllegalArgumentException("the largest weight share must be in (0, 1], found " + maxShare);
            }
        }

        /** The same weighting with no client above {@code share} of a round. */
        public Weighting capped(double share) {
            return new Weighting(bySamples, share);
        }
    }

    private RoundAggregator() {}

    /** Base weights that sum to 1. */
    public static double[] baseWeights(List<ClientUpdate> updates, Weighting weighting) {
        double[] w = new double[updates.size()];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = weighting.bySamples() ? updates.get(i).samples() : 1.0;
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return weighting.maxShare() < 1 ? capShares(w, weighting.maxShare()) : w;
    }

    /**
     * {@code w} (summing to 1) with no entry above {@code cap}: capped entries are set to the cap and the
     * surplus spread over the others in proportion to their weights, until none exceeds it. Equal weights
     * when {@code cap < 1/n}.
     */
    static double[] capShares(double[] w, double cap) {
        int n = w.length;
        if (cap * n < 1) {
            double[] equal = new double[n];
            java.util.Arrays.fill(equal, 1.0 / n);
            return equal;
        }
        double[] out = w.clone();
        boolean[] capped = new boolean[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                if (!capped[i] && out[i] > cap) {
                    capped[i] = true;
                    changed = true;
                }
            }
            double free = 1; // what the uncapped clients share
            double uncappedTotal = 0;
            int uncapped = 0;
            for (int i = 0; i < n; i++) {
                if (capped[i]) {
                    free -= cap;
                } else {
                    uncappedTotal += w[i];
                    uncapped++;
                }
            }
            for (int i = 0; i < n; i++) {
                out[i] = capped[i] ? cap : uncappedTotal > 0 ? w[i] * free / uncappedTotal : free / uncapped;
            }
        }
        return out;
    }

    /** Runs the strategy on validated updates and checks its result. */
    public static AggregationResult aggregate(
            AggregationStrategy strategy, RoundContext ctx, List<ClientUpdate> updates, Weighting weighting) {
        if (updates.isEmpty()) {
            throw new IllegalStateException("round " + ctx.round() + ": no client updates to aggregate");
        }
        double[] base = baseWeights(updates, weighting);
        AggregationResult r = strategy.aggregate(ctx, List.copyOf(updates), base.clone());
        if (r.decisions().size() != updates.size()) {
            throw new IllegalStateException(strategy.name() + " returned " + r.decisions().size() + " decisions for "
                    + updates.size() + " updates");
        }
        double sum = 0;
        for (ClientDecision d : r.decisions()) {
            sum += d.weight();
        }
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalStateException(strategy.name() + " returned weights summing to " + sum + ", not 1");
        }
        ModelWeights g = r.generator();
        String bad = ctx.globalGenerator().layoutMismatch(g);
        if (bad != null) {
            throw new IllegalStateException(strategy.name() + " returned a generator of the wrong layout: " + bad);
        }
        return r;
    }
}
