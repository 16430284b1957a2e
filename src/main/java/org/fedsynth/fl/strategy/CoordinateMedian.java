package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;

/**
 * Coordinate-wise median (Yin et al. 2018, "Byzantine-robust distributed learning"), one of the
 * robust aggregators Jin and Li (Medical Image Analysis 2023) compare FedDetect against. Each
 * coordinate of every generator tensor (and discriminator tensor, when present) is the median of
 * the clients' values; base weights are ignored, so every decision reports the uniform share
 * {@code 1/n} as the weight used.
 */
public final class CoordinateMedian implements AggregationStrategy {

    /** Creates the strategy; it has no parameters. */
    public CoordinateMedian() {}

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy median: the coordinate-wise median", attackers, n);
    }

    @Override
    public String name() {
        return "median";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        ModelWeights g = Aggregate.coordinateMedian(gs);
        ModelWeights d = ds == null ? null : Aggregate.coordinateMedian(ds);
        int n = updates.size();
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            decisions.add(ClientDecision.kept(updates.get(k).clientId(), baseWeights[k], 1.0 / n,
                    "median: coordinate-wise median of " + n + " clients (unweighted)"));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
