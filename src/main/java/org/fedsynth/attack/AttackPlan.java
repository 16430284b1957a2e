package org.fedsynth.attack;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.gan.BatchSource;

/**
 * An {@link AttackSpec} resolved for one federation: the concrete malicious client ids (Jin and
 * Li, Medical Image Analysis 2023).
 *
 * @param malicious the malicious client ids (0-based), copied into an unmodifiable sorted set
 * @param poisonRate per-image poisoning probability in [0, 1]
 * @param startRound first poisoned round (1-based)
 * @param trigger the trigger
 * @param updateScale the factor on a malicious client's update delta (1.0: off), see {@link UpdateScaling}
 */
public record AttackPlan(Set<Integer> malicious, double poisonRate, int startRound, TriggerSpec trigger,
        double updateScale) {

    /** Copies the set and validates. */
    public AttackPlan {
        malicious = Collections.unmodifiableSortedSet(new TreeSet<>(malicious));
        new AttackSpec(MaliciousClients.none(), poisonRate, startRound, trigger, updateScale); // same checks, same messages
    }

    /** Whether {@code clientId} poisons in {@code round}: malicious and {@code round >= startRound}. */
    public boolean isActive(int round, int clientId) {
        return round >= startRound && malicious.contains(clientId);
    }

    /**
     * What {@code clientId} does differently: nothing for a benign client; for a malicious one, the
     * poisoning of its batches ({@link PoisonData}) and, when {@code updateScale != 1}, the scaling
     * of its update ({@link UpdateScaling}), both from {@code startRound} on.
     *
     * @param trigger the trigger built for the run's resolution and channels (see {@link Trigger#build})
     */
    public ClientBehaviours behavioursFor(int clientId, Trigger trigger) {
        if (!malicious.contains(clientId)) {
            return ClientBehaviours.none();
        }
        ClientBehaviours b = ClientBehaviours.of(new PoisonData(this, clientId, trigger));
        return updateScale == 1.0 ? b : b.with(new UpdateScaling(updateScale, startRound));
    }

    /**
     * The batch source {@code clientId} trains on in {@code round}: {@code benign} itself when the
     * attack is not active, else a {@link PoisonedBatchSource} around it.
     *
     * @param trigger the trigger built for the run's resolution and channels (see {@link Trigger#build})
     */
    public BatchSource sourceFor(int round, int clientId, BatchSource benign, Trigger trigger) {
        if (!isActive(round, clientId)) {
            return benign;
        }
        if (!trigger.spec().equals(this.trigger)) {
            throw new IllegalArgumentException("the trigger was built from " + trigger.spec()
                    + ", not from this plan's " + this.trigger);
        }
        return new PoisonedBatchSource(benign, trigger, poisonRate);
    }
}
