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

    /** How clients are weighted before any defense. */
    public enum Weighting {
        /** Proportional to each client's sample count (FedAvg, McMahan et al. 2017). */
        SAMPLES,
        /** Equal weights. */
        UNIFORM
    }

    private RoundAggregator() {}

    /** Base weights that sum to 1. */
    public static double[] baseWeights(List<ClientUpdate> updates, Weighting weighting) {
        double[] w = new double[updates.size()];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = weighting == Weighting.SAMPLES ? updates.get(i).samples() : 1.0;
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
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
