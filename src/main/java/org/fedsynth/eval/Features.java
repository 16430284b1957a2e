package org.fedsynth.eval;

/**
 * Shared checks and kernels over feature matrices ({@code double[][]}, rows = samples, columns =
 * feature dimensions). Package-private helpers of the metric classes.
 */
final class Features {

    private Features() {}

    /**
     * Checks that {@code x} is a non-empty rectangular matrix of finite values with at least
     * {@code minRows} rows, and returns its dimension.
     */
    static int check(String name, double[][] x, int minRows) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (x.length < minRows) {
            throw new IllegalArgumentException(name + " has " + x.length + " rows, needs at least " + minRows);
        }
        if (x.length == 0) {
            throw new IllegalArgumentException(name + " has no rows");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException(name + " has zero feature dimensions");
        }
        for (int i = 0; i < x.length; i++) {
            double[] r = x[i];
            if (r == null || r.length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has length "
                        + (r == null ? "null" : r.length) + ", expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(r[j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is not finite: " + r[j]);
                }
            }
        }
        return d;
    }

    /** Checks two matrices and that they have the same dimension; returns it. */
    static int checkPair(String a, double[][] x, int minX, String b, double[][] y, int minY) {
        int dx = check(a, x, minX);
        int dy = check(b, y, minY);
        if (dx != dy) {
            throw new IllegalArgumentException(a + " has " + dx + " dimensions but " + b + " has " + dy);
        }
        return dx;
    }

    /** Squared Euclidean distance, summed as {@code (a_i - b_i)^2} (exact for small integers). */
    static double sqDist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }

    /** Dot product. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
