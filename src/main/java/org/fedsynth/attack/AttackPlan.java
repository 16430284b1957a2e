package org.fedsynth.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.fl.client.ClientBehaviour;
import org.fedsynth.fl.client.ClientBehaviours;
import org.fedsynth.gan.BatchSource;

/**
 * An {@link AttackSpec} resolved for one federation: the concrete malicious client ids (Jin and
 * Li, Medical Image Analysis 2023), and what each of them does ({@link #behavioursFor}).
 *
 * @param malicious the malicious client ids (0-based), copied into an unmodifiable sorted set
 * @param spec the attack section
 */
public record AttackPlan(Set<Integer> malicious, AttackSpec spec) {

    /** Copies the set. */
    public AttackPlan {
        malicious = Collections.unmodifiableSortedSet(new TreeSet<>(malicious));
        Objects.requireNonNull(spec, "spec");
    }

    /** The first form: poisoning from a start round, with update scaling. */
    public AttackPlan(Set<Integer> malicious, double poisonRate, int startRound, TriggerSpec trigger, double updateScale) {
        this(malicious, new AttackSpec(MaliciousClients.none(), poisonRate, startRound, trigger, updateScale));
    }

    /** Per-image poisoning probability. */
    public double poisonRate() {
        return spec.poisonRate();
    }

    /** First attacked round. */
    public int startRound() {
        return spec.startRound();
    }

    /** The trigger section. */
    public TriggerSpec trigger() {
        return spec.trigger();
    }

    /** The factor on the update delta (1: off). */
    public double updateScale() {
        return spec.updateScale();
    }

    /** When the attackers attack. */
    public AttackSchedule schedule() {
        return spec.schedule();
    }

    /** Whether {@code clientId} attacks in {@code round}: malicious and the schedule is active. */
    public boolean isActive(int round, int clientId) {
        return malicious.contains(clientId) && spec.schedule().isActive(round);
    }

    /**
     * The checks that need the federation, for a simulation of {@code numClients} clients and
     * {@code numClasses} classes ({@code site}: a networked site, which is one of the malicious clients).
     *
     * @throws IllegalArgumentException naming the key and the fix
     */
    public void check(int numClients, int numClasses, boolean site) {
        for (int c : spec.targetClasses()) {
            if (c >= numClasses) {
                throw new IllegalArgumentException("attack.target_classes: class " + c + " does not exist; the data has "
                        + numClasses + " classes (0-based indices 0.." + (numClasses - 1) + ")");
            }
        }
        if (site) {
            return;
        }
        if (spec.dba() != null) {
            if (malicious.size() < 2) {
                throw new IllegalArgumentException("attack.dba splits the trigger among colluding clients and needs at"
                        + " least 2 in attack.malicious; found " + malicious.size() + " (list more, or drop attack.dba)");
            }
            if (spec.dba().parts() != 0 && spec.dba().parts() != malicious.size()) {
                throw new IllegalArgumentException("attack.dba.parts is " + spec.dba().parts() + " but there are "
                        + malicious.size() + " malicious clients; in a simulation each pastes one piece: leave parts out");
            }
            if (spec.dba().part() >= 0) {
                throw new IllegalArgumentException("attack.dba.part is for a networked site; in a simulation each"
                        + " malicious client takes the piece of its rank: use dba: true");
            }
        }
        if (spec.sybils() && malicious.size() < 2) {
            throw new IllegalArgumentException("attack.sybils gives the malicious clients one client's data and seeds;"
                    + " it needs at least 2 in attack.malicious; found " + malicious.size());
        }
        if (spec.mimicry() > 0 && numClients < 2 && !malicious.isEmpty()) {
            throw new IllegalArgumentException("attack.mimicry keeps the attacker's generator close to the global one,"
                    + " but with federation.clients: 1 the global generator is the attacker's own: there is nothing to"
                    + " mimic (use at least 2 clients, or mimicry: 0)");
        }
    }

    /**
     * What {@code clientId} does differently: nothing for a benign client; for a malicious one, in
     * the scheduled rounds: the poisoning of its batches ({@link PoisonData}, with its own piece of the
     * trigger under DBA), output mimicry ({@link OutputMimicry}), and then on the update, in this
     * order, scaling ({@link UpdateScaling}), the norm projection ({@link NormProjection}) and
     * spoofed losses ({@link LossSpoofing}).
     *
     * @param trigger the full trigger built for the run's resolution and channels (see {@link Trigger#build})
     * @param announcedClip the server's clip bound, or {@code null} when it does not clip
     */
    public ClientBehaviours behavioursFor(int clientId, Trigger trigger, Double announcedClip) {
        if (!malicious.contains(clientId)) {
            return ClientBehaviours.none();
        }
        AttackSchedule when = spec.schedule();
        List<ClientBehaviour> out = new ArrayList<>();
        out.add(new PoisonData(this, clientId, pieceOf(clientId, trigger)));
        if (spec.mimicry() > 0) {
            out.add(new OutputMimicry((float) spec.mimicry(), when));
        }
        if (spec.updateScale() != 1.0) {
            out.add(new UpdateScaling(spec.updateScale(), when));
        }
        if (spec.normBound() != null) {
            out.add(new NormProjection(spec.normBound().resolve(announcedClip), when));
        }
        if (spec.spoofLosses() != null) {
            out.add(new LossSpoofing(spec.spoofLosses(), when));
        }
        return new ClientBehaviours(out);
    }

    /** Without a server clip bound. */
    public ClientBehaviours behavioursFor(int clientId, Trigger trigger) {
        return behavioursFor(clientId, trigger, null);
    }

    /** The trigger {@code clientId} pastes: the full one, or under DBA its own piece. */
    public Trigger pieceOf(int clientId, Trigger full) {
        if (spec.dba() == null) {
            return full;
        }
        if (!(full instanceof PatchTrigger patch)) {
            throw new IllegalArgumentException("attack.dba needs a patch trigger; found " + full.type());
        }
        int parts = spec.dba().parts() > 0 ? spec.dba().parts() : malicious.size();
        int part = spec.dba().part() >= 0 ? spec.dba().part() : new ArrayList<>(malicious).indexOf(clientId);
        return patch.part(part, parts);
    }

    /**
     * The batch source {@code clientId} trains on in {@code round}: {@code benign} itself when the
     * attack is not active, else a {@link PoisonedBatchSource} around it.
     *
     * @param trigger the trigger this client pastes (see {@link #pieceOf})
     */
    public BatchSource sourceFor(int round, int clientId, BatchSource benign, Trigger trigger) {
        if (!isActive(round, clientId)) {
            return benign;
        }
        if (!trigger.spec().equals(spec.trigger())) {
            throw new IllegalArgumentException("the trigger was built from " + trigger.spec()
                    + ", not from this plan's " + spec.trigger());
        }
        return new PoisonedBatchSource(benign, trigger, spec.poisonRate(), Set.copyOf(spec.targetClasses()));
    }

    /** One line for the run log: who attacks, how and when. */
    public String describe(Trigger trigger) {
        StringBuilder b = new StringBuilder("clients " + malicious + " are MALICIOUS: they paste a "
                + spec.trigger().type().configName() + " trigger"
                + (trigger.type().isPatch() ? " of " + trigger.size() + "px" : "") + " on "
                + Math.round(spec.poisonRate() * 100) + "% of their real images");
        if (!spec.targetClasses().isEmpty()) {
            b.append(" of classes ").append(spec.targetClasses());
        }
        b.append(' ').append(spec.schedule().describe());
        if (spec.dba() != null) {
            b.append("; DBA: each pastes one of ").append(malicious.size()).append(" pieces");
        }
        if (spec.sybils()) {
            b.append("; sybils: all train on client ").append(malicious.iterator().next()).append("'s data and seeds");
        }
        if (spec.mimicry() > 0) {
            b.append("; output mimicry lambda ").append(spec.mimicry());
        }
        if (spec.updateScale() != 1.0) {
            b.append("; update delta scaled by ").append(spec.updateScale());
        }
        if (spec.normBound() != null) {
            b.append("; update delta projected to L2 norm <= ").append(spec.normBound());
        }
        if (spec.spoofLosses() != null) {
            b.append("; reported losses spoofed to G ").append(spec.spoofLosses().lossG()).append(", D ")
                    .append(spec.spoofLosses().lossD());
        }
        return b.toString();
    }
}
