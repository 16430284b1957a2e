package org.fedsynth.attack;

import java.util.Map;
import java.util.Set;

/**
 * The {@code attack} config section: who attacks, from which round, how often, with what trigger
 * (Jin and Li, "Backdoor attack and defense in federated GAN-based medical image synthesis",
 * Medical Image Analysis 2023). Validated once, at construction.
 *
 * <p>Config keys (see {@link #fromMap}) and defaults:
 * <ul>
 *   <li>{@code malicious}: client ids or a fraction of clients, see {@link MaliciousClients}
 *       (default none: no attack);
 *   <li>{@code poison_rate}: per-image probability of pasting the trigger, in [0, 1] (default 1.0);
 *   <li>{@code start_round}: the first (1-based) round in which malicious clients poison (default 1);
 *   <li>{@code trigger}: the {@link TriggerSpec} section (default {@link TriggerSpec#defaults()}).
 * </ul>
 *
 * @param malicious which clients are malicious
 * @param poisonRate per-image poisoning probability
 * @param startRound first poisoned round (1-based)
 * @param trigger the trigger
 */
public record AttackSpec(MaliciousClients malicious, double poisonRate, int startRound, TriggerSpec trigger) {

    /** Default per-image poisoning probability: every image. */
    public static final double DEFAULT_POISON_RATE = 1.0;
    /** Default first poisoned round. */
    public static final int DEFAULT_START_ROUND = 1;

    private static final Set<String> KEYS = Set.of("malicious", "poison_rate", "start_round", "trigger");

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
    }

    /** No attack: no malicious clients, default everything else. */
    public static AttackSpec none() {
        return new AttackSpec(MaliciousClients.none(), DEFAULT_POISON_RATE, DEFAULT_START_ROUND, TriggerSpec.defaults());
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
        return new AttackPlan(resolveMalicious(numClients, seed), poisonRate, startRound, trigger);
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

    /** Reads the {@code attack} section from an untyped map; missing keys take their defaults. */
    @SuppressWarnings("unchecked")
    public static AttackSpec fromMap(Map<String, ?> map) {
        ConfigMaps.checkKeys(map, KEYS, "attack");
        MaliciousClients mal = map.containsKey("malicious")
                ? MaliciousClients.parse(map.get("malicious"), MaliciousClients.FIELD) : MaliciousClients.none();
        double rate = map.containsKey("poison_rate")
                ? ConfigMaps.number(map.get("poison_rate"), "attack.poison_rate") : DEFAULT_POISON_RATE;
        long start = map.containsKey("start_round")
                ? ConfigMaps.integer(map.get("start_round"), "attack.start_round") : DEFAULT_START_ROUND;
        if (start < 1 || start > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("attack.start_round must be >= 1 (rounds are 1-based); found " + start);
        }
        Object t = map.get("trigger");
        TriggerSpec trig;
        if (t == null) {
            trig = TriggerSpec.defaults();
        } else if (t instanceof Map<?, ?> m) {
            trig = TriggerSpec.fromMap((Map<String, ?>) m);
        } else {
            throw new IllegalArgumentException("attack.trigger must be a section (map); found '" + t + "'");
        }
        return new AttackSpec(mal, rate, (int) start, trig);
    }
}
