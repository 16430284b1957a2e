package org.fedsynth.util;

import java.util.Random;

/**
 * Derives independent, reproducible random streams from one root seed: one per (purpose, round,
 * client). A run records only its root seed; every other seed follows from it, so a resumed run
 * draws exactly the numbers an uninterrupted one would.
 */
public final class Seeds {

    private Seeds() {}

    /** A seed for {@code purpose} and the given ids (for example round and client), from {@code root}. */
    public static long derive(long root, String purpose, long... ids) {
        long h = mix(root ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        for (long id : ids) {
            h = mix(h ^ (id * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
        }
        return h;
    }

    /** A {@link Random} seeded by {@link #derive}. */
    public static Random rng(long root, String purpose, long... ids) {
        return new Random(derive(root, purpose, ids));
    }

    /** The 64-bit finalizer of MurmurHash3 (a bijection with good avalanche). */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
