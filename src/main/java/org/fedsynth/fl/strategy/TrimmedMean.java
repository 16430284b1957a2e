package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018), one of the robust aggregators Jin and Li (Medical
 * Image Analysis 2023) compare FedDetect against: per coordinate, the {@code floor(beta * n)}
 * smallest and largest client values are dropped and the rest averaged (unweighted; decisions report
 * {@code 1/n}). The same rule is applied to the discriminator when the updates carry one.
 */
public final class TrimmedMean implements AggregationStrategy {

    private final double beta;

    /**
     * @param beta fraction trimmed from each end per coordinate, {@code 0 <= beta < 0.5}
     */
    public TrimmedMean(double beta) {
        this.beta = new TrimmedMeanSettings(beta).beta();
    }

    /** The trimmed fraction per end. */
    public double beta() {
        return beta;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy trimmed_mean: the trimmed mean", attackers, n);
    }

    @Override
    public String name() {
        return "trimmed_mean";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        ModelWeights g = Aggregate.trimmedMean(gs, beta);
        ModelWeights d = ds == null ? null : Aggregate.trimmedMean(ds, beta);
        int n = updates.size();
        int k = Aggregate.trimCount(n, beta);
        String reason = String.format(Locale.ROOT,
                "trimmed_mean: beta %.3f trims %d of %d values at each end per coordinate (unweighted)", beta, k, n);
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            decisions.add(ClientDecision.kept(updates.get(i).clientId(), baseWeights[i], 1.0 / n, reason));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
