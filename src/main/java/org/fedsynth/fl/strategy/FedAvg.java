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
 * Federated averaging (McMahan et al. 2017): the new global generator (and discriminator, when the
 * updates carry one) is the base-weighted mean of the clients' networks; the undefended baseline of
 * Jin and Li (Medical Image Analysis 2023). The state passes through unchanged.
 */
public final class FedAvg implements AggregationStrategy {

    /** Creates the strategy; it has no parameters. */
    public FedAvg() {}

    @Override
    public String name() {
        return "fedavg";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        ModelWeights g = Aggregate.weightedMean(gs, baseWeights);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, baseWeights);
        List<ClientDecision> decisions = new ArrayList<>(updates.size());
        for (int k = 0; k < updates.size(); k++) {
            decisions.add(ClientDecision.kept(updates.get(k).clientId(), baseWeights[k], baseWeights[k], "fedavg: base weight"));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
