package org.fedsynth.attack;

import java.util.List;
import java.util.TreeSet;

/**
 * When a malicious client attacks ({@code attack.start_round}, {@code end_round}, {@code every},
 * {@code rounds}): every round from {@code startRound} on, or every {@code every}-th round from it,
 * optionally up to {@code endRound}, or exactly the listed rounds. Every behaviour of the attack
 * (poisoning, update scaling, the norm bound, loss spoofing, mimicry) follows this one schedule.
 *
 * @param startRound first attacked round, 1-based
 * @param endRound last attacked round (inclusive), or 0 for no end
 * @param every attack in rounds {@code startRound, startRound + every, ...}; 1 = every round
 * @param rounds the attacked rounds exactly (empty: use the three fields above); a single-round attack is {@code [r]}
 */
public record AttackSchedule(int startRound, int endRound, int every, List<Integer> rounds) {

    /** Validates and copies. */
    public AttackSchedule {
        rounds = rounds == null ? List.of() : List.copyOf(new TreeSet<>(rounds));
        if (startRound < 1) {
            throw new IllegalArgumentException("attack.start_round must be >= 1 (rounds are 1-based); found " + startRound);
        }
        if (endRound != 0 && endRound < startRound) {
            throw new IllegalArgumentException("attack.end_round must be >= attack.start_round (" + startRound
                    + "), or left out for no end; found " + endRound);
        }
        if (every < 1) {
            throw new IllegalArgumentException("attack.every must be >= 1 (1 = every round, 3 = every third); found " + every);
        }
        for (int r : rounds) {
            if (r < 1) {
                throw new IllegalArgumentException("attack.rounds must list 1-based rounds; found " + r);
            }
        }
        if (!rounds.isEmpty() && (startRound != 1 || endRound != 0 || every != 1)) {
            throw new IllegalArgumentException("attack.rounds lists the attacked rounds exactly; do not combine it with"
                    + " start_round, end_round or every (found rounds " + rounds + " with start_round " + startRound
                    + ", end_round " + endRound + ", every " + every + ")");
        }
    }

    /** Every round from {@code startRound} on. */
    public static AttackSchedule from(int startRound) {
        return new AttackSchedule(startRound, 0, 1, List.of());
    }

    /** Whether the attack is active in {@code round}. */
    public boolean isActive(int round) {
        if (!rounds.isEmpty()) {
            return rounds.contains(round);
        }
        return round >= startRound && (endRound == 0 || round <= endRound) && (round - startRound) % every == 0;
    }

    /** A short description for logs, e.g. "from round 3, every 2nd round, up to round 9". */
    public String describe() {
        if (!rounds.isEmpty()) {
            return rounds.size() == 1 ? "in round " + rounds.get(0) : "in rounds " + rounds;
        }
        String s = "from round " + startRound;
        if (every > 1) {
            s += ", every " + every + " rounds";
        }
        if (endRound != 0) {
            s += ", up to round " + endRound;
        }
        return s;
    }
}
