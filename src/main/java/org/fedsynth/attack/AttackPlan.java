package org.fedsynth.attack;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.gan.BatchSource;

/**
 * An {@link AttackSpec} resolved for one federation: the concrete malicious client ids (Jin and
 * Li, Medical Image Analysis 2023).
 *
 * @param malicious the malicious client ids (0-based), copied into an unmodifiable sorted set
 * @param poisonRate per-image poisoning probability in [0, 1]
 * @param startRound first poisoned round (1-based)
 * @param trigger the trigger
 */
public record AttackPlan(Set<Integer> malicious, double poisonRate, int startRound, TriggerSpec trigger) {

    /** Copies the set and validates. */
    public AttackPlan {
        malicious = Collections.unmodifiableSortedSet(new TreeSet<>(malicious));
        new AttackSpec(MaliciousClients.none(), poisonRate, startRound, trigger); // same checks, same messages
    }

    /** Whether {@code clientId} poisons in {@code round}: malicious and {@code round >= startRound}. */
    public boolean isActive(int round, int clientId) {
        return round >= startRound && malicious.contains(clientId);
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
