package org.fedsynth.bench;

import java.util.Arrays;

/** Statistics of repeated timings, in milliseconds. */
final class Timing {

    private Timing() {}

    /** Milliseconds since {@code startNanos} (a {@link System#nanoTime} reading). */
    static double msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The minimum. */
    static double min(double[] v) {
        return Arrays.stream(v).min().orElseThrow();
    }
}
