package org.fedsynth.fl.server;

import java.util.List;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;

/**
 * The server's side of a round, shared by the simulation and the networked server: validate the
 * updates against the global model, compute the base weights, call the strategy, and check what
 * it returned.
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

    /**
     * Checks an update against the global model: same tensor names and shapes, finite values, the
     * current round. Returns a description of the problem, or {@code null} when it is valid.
     */
    public static String validate(ClientUpdate u, RoundContext ctx) {
        if (u.round() != ctx.round()) {
            return "client " + u.clientId() + ": update is for round " + u.round() + ", current round is " + ctx.round();
        }
        String bad = ctx.globalGenerator().layoutMismatch(u.generator());
        if (bad != null) {
            return "client " + u.clientId() + ": generator does not match the global model: " + bad;
        }
        String nonFinite = u.generator().firstNonFinite();
        if (nonFinite != null) {
            return "client " + u.clientId() + ": generator tensor " + nonFinite + " has NaN or infinite values";
        }
        if ((ctx.globalDiscriminator() == null) != (u.discriminator() == null)) {
            return "client " + u.clientId() + ": discriminator "
                    + (u.discriminator() == null ? "missing while discriminators are averaged" : "sent but not expected");
        }
        if (u.discriminator() != null) {
            bad = ctx.globalDiscriminator().layoutMismatch(u.discriminator());
            if (bad != null) {
                return "client " + u.clientId() + ": discriminator does not match the global model: " + bad;
            }
            nonFinite = u.discriminator().firstNonFinite();
            if (nonFinite != null) {
                return "client " + u.clientId() + ": discriminator tensor " + nonFinite + " has NaN or infinite values";
            }
        }
        double[] losses = {u.stats().lossGMean(), u.stats().lossGLast(), u.stats().lossDMean(), u.stats().lossDLast()};
        for (double l : losses) {
            if (!Double.isFinite(l)) {
                return "client " + u.clientId() + ": reported a non-finite loss";
            }
        }
        return null;
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
