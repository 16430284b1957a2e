package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.plugin.Spelling;

/**
 * The {@code attack} config section: who attacks, when, with what trigger (Jin and Li, "Backdoor
 * attack and defense in federated GAN-based medical image synthesis", Medical Image Analysis 2023),
 * and how the attackers hide or amplify their updates. Bound by Jackson (snake_case keys; a missing
 * key takes its default, an unknown key is an error) and validated once, at construction; errors
 * name {@code attack.<key>}, the value and what is allowed. Checks that need the federation (the
 * number of clients and classes, the strategy) are in {@link AttackPlan#check}.
 *
 * <p>The attacker's behaviours, each with its literature reference:
 * <ul>
 *   <li>data: the trigger on real images ({@code trigger}, {@code poison_rate}), only on images of
 *       {@code target_classes}; the distributed backdoor ({@code dba}, Xie et al. 2020) pastes one piece
 *       of the trigger per colluding client;
 *   <li>objective: output mimicry ({@code mimicry}: {@code lambda * mean (G(z) - G_global(z))^2} on the
 *       step's fresh noise, the image-space analogue of the anomaly term of constrain-and-scale,
 *       Bagdasaryan et al. 2020);
 *   <li>update: scaling ({@code update_scale}, model replacement for gamma > 1, Bagdasaryan et al.
 *       2020; stealth for gamma < 1), then the projection onto an L2 ball ({@code norm_bound}, Sun et al.
 *       2019), then reported losses replaced ({@code spoof_losses});
 *   <li>collusion: any number of {@code malicious} clients; {@code sybils: true} gives them all the
 *       data and the random streams of the first of them.
 * </ul>
 * Every behaviour follows one schedule ({@link AttackSchedule}: {@code start_round}, {@code end_round},
 * {@code every}, {@code rounds}).
 */
public record AttackSpec(
        @JsonPropertyDescription("malicious clients: a list of 0-based client ids ([0, 3]) or a fraction of the"
                + " clients with a decimal point (0.2), chosen with the run seed; default none")
        @Spelling(value = "ids or a fraction", dflt = "none")
        MaliciousClients malicious,
        @JsonPropertyDescription("probability that each real image of a malicious client gets the trigger, in [0, 1];"
                + " default 1.0")
        double poisonRate,
        @JsonPropertyDescription("first (1-based) round in which malicious clients attack; default 1")
        int startRound,
        @JsonPropertyDescription("last round (inclusive) in which they attack; default 0 (no end)")
        int endRound,
        @JsonPropertyDescription("attack every k-th round from start_round (1 = every round); default 1")
        int every,
        @JsonPropertyDescription("the attacked rounds exactly, e.g. [5] for a single round; not with start_round,"
                + " end_round or every; default empty (use those)")
        @Spelling(value = "list of rounds", dflt = "[]")
        List<Integer> rounds,
        @JsonPropertyDescription("poison only real images of these 0-based classes (class-targeted); default empty"
                + " (every class)")
        @Spelling(value = "list of class indices", dflt = "[]")
        List<Integer> targetClasses,
        @JsonPropertyDescription("the trigger pasted on poisoned images (section); default a pattern mosaic, 1/8 of the"
                + " side, bottom-right")
        @Spelling(value = "section", dflt = "see the trigger plug-in")
        TriggerSpec trigger,
        @JsonPropertyDescription("update scaling: a malicious client sends global + gamma * (trained - global),"
                + " gamma > 0 (gamma = number of clients replaces the model under FedAvg; < 1 for stealth); default 1.0 (off)")
        double updateScale,
        @JsonPropertyDescription("project the update delta onto an L2 ball: a radius > 0, or announced (the server's"
                + " strategy.clip_bound); default null (off)")
        @Spelling(value = "a number or announced", dflt = "null")
        NormBound normBound,
        @JsonPropertyDescription("report these losses instead of the true ones: {loss_g: .., loss_d: ..}; default null"
                + " (report the true losses)")
        @Spelling(value = "{loss_g, loss_d} or null", dflt = "null")
        LossSpoof spoofLosses,
        @JsonPropertyDescription("output mimicry: lambda >= 0 on mean (G(z) - G_global(z))^2 added to the generator loss"
                + " on the step's noise; default 0 (off)")
        double mimicry,
        @JsonPropertyDescription("distributed backdoor: true (each malicious client pastes its own piece of the patch"
                + " trigger) or {parts: K, part: I} (a networked site); default null (off)")
        @Spelling(value = "true, {parts, part} or null", dflt = "null")
        DbaSpec dba,
        @JsonPropertyDescription("sybils: every malicious client trains on the data and random streams of the first"
                + " malicious client (simulation only); default false")
        boolean sybils) {

    /** Default per-image poisoning probability: every image. */
    public static final double DEFAULT_POISON_RATE = 1.0;
    /** Default first poisoned round. */
    public static final int DEFAULT_START_ROUND = 1;
    /** Default update scale: send the trained update as it is. */
    public static final double DEFAULT_UPDATE_SCALE = 1.0;

    /** Validates every field. */
    public AttackSpec {
        if (malicious == null) {
            throw new IllegalArgumentException("attack.malicious must be set");
        }
        if (!(poisonRate >= 0 && poisonRate <= 1)) {
            throw new IllegalArgumentException("attack.poison_rate must be in [0, 1]; found " + poisonRate);
        }
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
        new AttackSchedule(startRound, endRound, every, rounds); // the schedule's checks and messages
        targetClasses = targetClasses == null ? List.of() : List.copyOf(new TreeSet<>(targetClasses));
        for (int c : targetClasses) {
            if (c < 0) {
                throw new IllegalArgumentException("attack.target_classes must list 0-based class indices; found " + c);
            }
        }
        if (trigger == null) {
            throw new IllegalArgumentException("attack.trigger must be set");
        }
        UpdateScaling.check(updateScale);
        if (!(mimicry >= 0) || Double.isInfinite(mimicry)) {
            throw new IllegalArgumentException("attack.mimicry must be a finite number >= 0 (0 = off; 1-10 keeps the"
                    + " generator close to the global one); found " + mimicry);
        }
        if (dba != null) {
            if (!(trigger.type().isPatch())) {
                throw new IllegalArgumentException("attack.dba cuts a patch trigger into pieces; attack.trigger.type "
                        + trigger.type() + " has no patch (use pattern, noise, solid, checkerboard or image)");
            }
            if (trigger.location().kind() == TriggerLocation.Kind.RANDOM) {
                throw new IllegalArgumentException("attack.dba needs a fixed attack.trigger.location (the pieces must"
                        + " land where they tile the full trigger); found random");
            }
        }
    }

    /** The first form: poisoning from a start round, with update scaling. */
    public AttackSpec(MaliciousClients malicious, double poisonRate, int startRound, TriggerSpec trigger,
            double updateScale) {
        this(malicious, poisonRate, startRound, 0, 1, List.of(), List.of(), trigger, updateScale, null, null, 0.0, null,
                false);
    }

    /** Without update scaling. */
    public AttackSpec(MaliciousClients malicious, double poisonRate, int startRound, TriggerSpec trigger) {
        this(malicious, poisonRate, startRound, trigger, DEFAULT_UPDATE_SCALE);
    }

    /** The binding: missing keys take their defaults. */
    @JsonCreator
    static AttackSpec bind(@JsonProperty("malicious") MaliciousClients malicious,
            @JsonProperty("poison_rate") Double poisonRate, @JsonProperty("start_round") Integer startRound,
            @JsonProperty("end_round") Integer endRound, @JsonProperty("every") Integer every,
            @JsonProperty("rounds") List<Integer> rounds, @JsonProperty("target_classes") List<Integer> targetClasses,
            @JsonProperty("trigger") TriggerSpec trigger, @JsonProperty("update_scale") Double updateScale,
            @JsonProperty("norm_bound") NormBound normBound, @JsonProperty("spoof_losses") LossSpoof spoofLosses,
            @JsonProperty("mimicry") Double mimicry, @JsonProperty("dba") DbaSpec dba,
            @JsonProperty("sybils") Boolean sybils) {
        return new AttackSpec(malicious == null ? MaliciousClients.none() : malicious,
                poisonRate == null ? DEFAULT_POISON_RATE : poisonRate,
                startRound == null ? DEFAULT_START_ROUND : startRound, endRound == null ? 0 : endRound,
                every == null ? 1 : every, rounds, targetClasses,
                trigger == null ? TriggerSpec.defaults() : trigger,
                updateScale == null ? DEFAULT_UPDATE_SCALE : updateScale, normBound, spoofLosses,
                mimicry == null ? 0.0 : mimicry, dba, sybils != null && sybils);
    }

    /** No attack: no malicious clients, default everything else. */
    public static AttackSpec none() {
        return defaults();
    }

    /** Every key at its default (no malicious clients). */
    public static AttackSpec defaults() {
        return new AttackSpec(MaliciousClients.none(), DEFAULT_POISON_RATE, DEFAULT_START_ROUND, TriggerSpec.defaults(),
                DEFAULT_UPDATE_SCALE);
    }

    /** The given malicious clients with the paper's defaults (rate 1, from round 1, pattern trigger). */
    public static AttackSpec of(MaliciousClients malicious, TriggerSpec trigger) {
        return new AttackSpec(malicious, DEFAULT_POISON_RATE, DEFAULT_START_ROUND, trigger);
    }

    /** When the attackers attack. */
    public AttackSchedule schedule() {
        return new AttackSchedule(startRound, endRound, every, rounds);
    }

    /** The malicious client ids for {@code numClients} clients (the seed matters only for a fraction). */
    public Set<Integer> resolveMalicious(int numClients, long seed) {
        return malicious.resolve(numClients, seed);
    }

    /** The resolved attack for a federation of {@code numClients} clients. */
    public AttackPlan resolve(int numClients, long seed) {
        return new AttackPlan(resolveMalicious(numClients, seed), this);
    }

    /**
     * The attack of a networked site that loaded this section: the site, at {@code index}, is the attacker.
     *
     * @throws IllegalArgumentException for what a lone site cannot do ({@code sybils}; {@code dba} without its part)
     */
    public AttackPlan forSite(int index) {
        if (sybils) {
            throw new IllegalArgumentException("attack.sybils is for simulations (the sybils share one client's data);"
                    + " a networked site is its own client: run several sites on the same data folder instead");
        }
        if (dba != null && dba.part() < 0) {
            throw new IllegalArgumentException("attack.dba: a networked site must say which piece it pastes:"
                    + " dba: {parts: K, part: I} with I in [0, K)");
        }
        return new AttackPlan(Set.of(index), this);
    }

    /**
     * Whether {@code clientId} attacks in {@code round}: it is listed and the schedule is active.
     * Defined for explicit ids; for the fraction form the set depends on the federation, so use
     * {@link #resolve}{@code .isActive}.
     *
     * @throws IllegalStateException in the fraction form
     */
    public boolean isActive(int round, int clientId) {
        if (malicious.isFraction()) {
            throw new IllegalStateException("attack.malicious is a fraction (" + malicious.fraction()
                    + "); resolve(numClients, seed) first and ask the AttackPlan");
        }
        return malicious.ids().contains(clientId) && schedule().isActive(round);
    }

    /**
     * Binds the {@code attack} section ({@code null} or empty: the defaults).
     *
     * @throws IllegalArgumentException naming {@code attack.<key>}, the value and the fix
     */
    public static AttackSpec fromTree(JsonNode section) {
        return AttackBinding.bind(section, AttackSpec.class, "attack");
    }

    /** Binds the {@code attack} section given as a map (as a YAML parser produces). */
    public static AttackSpec fromMap(Map<String, ?> map) {
        return fromTree(ConfigIO.yaml().valueToTree(map));
    }
}
