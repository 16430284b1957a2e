package org.fedsynth.attack;

import org.fedsynth.fl.client.DataBehaviour;
import org.fedsynth.gan.BatchSource;

/**
 * The pasted-trigger poisoning as a client's data behaviour: in the rounds where the plan makes
 * {@code clientId} active, its batches come through a {@link PoisonedBatchSource}.
 *
 * @param plan the resolved attack
 * @param clientId the client
 * @param trigger the trigger built for the run's resolution and channels
 */
public record PoisonData(AttackPlan plan, int clientId, Trigger trigger) implements DataBehaviour {

    @Override
    public BatchSource apply(int round, BatchSource data) {
        return plan.sourceFor(round, clientId, data, trigger);
    }
}
