package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.plugin.Spelling;

/**
 * The {@code attack} config section: who attacks, from which round, how often, with what trigger
 * (Jin and Li, "Backdoor attack and defense in federated GAN-based medical image synthesis",
 * Medical Image Analysis 2023), and whether the attackers scale their updates. Bound by Jackson
 * (snake_case keys; a missing key takes its default, an unknown key is an error) and validated
 * once, at construction; errors name {@code attack.<key>}, the value and what is allowed.
 *
 * @param malicious which clients are malicious (default none: no attack)
 * @param poisonRate per-image poisoning probability in [0, 1] (default 1.0)
 * @param startRound first poisoned round, 1-based (default 1)
 * @param trigger the trigger (default {@link TriggerSpec#defaults()})
 * @param updateScale the factor {@code gamma > 0} on a malicious client's update delta (default 1.0: off)
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
        @JsonPropertyDescription("the trigger pasted on poisoned images (section); default a pattern mosaic, 1/8 of the"
                + " side, bottom-right")
        @Spelling(value = "section", dflt = "see the trigger plug-in")
        TriggerSpec trigger,
        @JsonPropertyDescription("update scaling: a malicious client sends global + gamma * (trained - global),"
                + " gamma > 0; default 1.0 (off)")
        double updateScale) {

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
        if (startRound < 1) {
            throw new IllegalArgumentException("attack.start_round must be >= 1 (rounds are 1-based); found " + startRound);
        }
        if (trigger == null) {
            throw new IllegalArgumentException("attack.trigger must be set");
        }
        UpdateScaling.check(updateScale);
    }

    /** Without update scaling. */
    public AttackSpec(MaliciousClients malicious, double poisonRate, int startRound, TriggerSpec trigger) {
        this(malicious, poisonRate, startRound, trigger, DEFAULT_UPDATE_SCALE);
    }

    /** The binding: missing keys take their defaults. */
    @JsonCreator
    static AttackSpec bind(@JsonProperty("malicious") MaliciousClients malicious,
            @JsonProperty("poison_rate") Double poisonRate, @JsonProperty("start_round") Integer startRound,
            @JsonProperty("trigger") TriggerSpec trigger, @JsonProperty("update_scale") Double updateScale) {
        return new AttackSpec(malicious == null ? MaliciousClients.none() : malicious,
                poisonRate == null ? DEFAULT_POISON_RATE : poisonRate,
                startRound == null ? DEFAULT_START_ROUND : startRound,
                trigger == null ? TriggerSpec.defaults() : trigger,
                updateScale == null ? DEFAULT_UPDATE_SCALE : updateScale);
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

    /** The malicious client ids for {@code numClients} clients (the seed matters only for a fraction). */
    public Set<Integer> resolveMalicious(int numClients, long seed) {
        return malicious.resolve(numClients, seed);
    }

    /** The resolved attack for a federation of {@code numClients} clients. */
    public AttackPlan resolve(int numClients, long seed) {
        return new AttackPlan(resolveMalicious(numClients, seed), poisonRate, startRound, trigger, updateScale);
    }

    /** The attack of a networked site that loaded this section: the site, at {@code index}, is the attacker. */
    public AttackPlan forSite(int index) {
        return new AttackPlan(Set.of(index), poisonRate, startRound, trigger, updateScale);
    }

    /**
     * Whether {@code clientId} poisons in {@code round}: it is listed and {@code round >= startRound}.
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
        return round >= startRound && malicious.ids().contains(clientId);
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
