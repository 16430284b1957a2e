package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code attack.norm_bound}: a malicious client projects its update delta onto the L2 ball of this
 * radius before sending it (Sun et al., "Can you really backdoor federated learning?", 2019), so
 * that norm clipping at the server leaves it untouched. Either a number, or {@code announced}: the
 * clip bound the server announces ({@code strategy.clip_bound}; the networked server sends it in its
 * hello).
 *
 * @param bound the radius, {@code > 0} (NaN when {@code announced})
 * @param announced whether the radius is the server's announced clip bound
 */
public record NormBound(double bound, boolean announced) {

    /** The config field. */
    public static final String FIELD = "attack.norm_bound";

    /** Validates. */
    public NormBound {
        if (!announced && !(bound > 0 && Double.isFinite(bound))) {
            throw new IllegalArgumentException(FIELD + " must be a number > 0 (the L2 radius of the update delta) or"
                    + " 'announced' (the server's strategy.clip_bound); found " + bound);
        }
    }

    /** A fixed radius. */
    public static NormBound of(double bound) {
        return new NormBound(bound, false);
    }

    /** The server's announced clip bound. */
    public static NormBound serverAnnounced() {
        return new NormBound(Double.NaN, true);
    }

    /** The binding of a config value. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static NormBound fromJson(Object raw) {
        if (raw instanceof Number n) {
            return of(n.doubleValue());
        }
        if (raw instanceof String s && s.trim().equalsIgnoreCase("announced")) {
            return serverAnnounced();
        }
        throw new IllegalArgumentException(FIELD + " must be a number > 0 or 'announced'; found '" + raw + "'");
    }

    /**
     * The radius to project onto.
     *
     * @param announcedClip the server's clip bound, or {@code null} when the server does not clip
     * @throws IllegalArgumentException when {@code announced} and the server announces none
     */
    public double resolve(Double announcedClip) {
        if (!announced) {
            return bound;
        }
        if (announcedClip == null || !(announcedClip > 0) || Double.isInfinite(announcedClip)) {
            throw new IllegalArgumentException(FIELD + ": announced takes the server's clip bound, but the server's"
                    + " strategy does not clip; set strategy.clip_bound, or give attack.norm_bound as a number");
        }
        return announcedClip;
    }

    @Override
    public String toString() {
        return announced ? "announced" : Double.toString(bound);
    }
}
