package org.fedsynth.eval.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One pass of exact Euclidean nearest-neighbour search of every query row against every reference
 * row, the work behind every privacy figure: for each query, the nearest and second-nearest
 * distance among all references and within each reference group (a client's training images), and
 * for each reference, its nearest query. Distances are computed as differences, not through
 * {@code |a|² + |b|² − 2a·b}, so that a distance of about 0 (a copy) is exact.
 *
 * <p>Work is split over the common fork-join pool in chunks of query rows, merged in chunk order with
 * the lowest index winning ties, so the result does not depend on the thread count. No distance
 * matrix is stored: memory is O(queries × groups + references × chunks), with at most four chunks
 * per thread.
 */
public final class NearestNeighbours {

    private static final int MIN_CHUNK = 8;

    private NearestNeighbours() {}

    /**
     * The result of a scan.
     *
     * @param d1       per query, the distance to its nearest reference
     * @param d2       per query, the distance to its second-nearest reference ({@code +Inf} with one reference)
     * @param nearest  per query, the index of its nearest reference (the lowest index on ties)
     * @param groupD1  per group, per query: the nearest distance within the group ({@code +Inf} for an empty group)
     * @param groupD2  per group, per query: the second-nearest distance within the group
     * @param refMin   per reference, the distance to its nearest query
     * @param refNearest per reference, the index of its nearest query (the lowest index on ties)
     */
    public record Scan(double[] d1, double[] d2, int[] nearest, double[][] groupD1, double[][] groupD2, double[] refMin,
                       int[] refNearest) {}

    /**
     * Scans {@code query} against {@code ref}.
     *
     * @param groups the groups each reference belongs to ({@code groups[j]}, values in {@code [0, numGroups)}),
     *               or {@code null} for no groups
     * @param numGroups the number of groups (0 when {@code groups} is null)
     * @throws IllegalArgumentException on rows of different lengths or a bad group index
     */
    public static Scan scan(double[][] query, double[][] ref, int[][] groups, int numGroups) {
        int nq = query.length;
        int nr = ref.length;
        int dims = nq > 0 ? query[0].length : nr > 0 ? ref[0].length : 0;
        for (double[] r : query) {
            require(r.length == dims, "query rows have " + r.length + " and " + dims + " values");
        }
        for (double[] r : ref) {
            require(r.length == dims, "reference rows have " + r.length + " values, query rows " + dims);
        }
        if (groups != null) {
            require(groups.length == nr, groups.length + " group lists for " + nr + " references");
            for (int[] g : groups) {
                for (int v : g) {
                    require(v >= 0 && v < numGroups, "group " + v + " outside [0, " + numGroups + ")");
                }
            }
        } else {
            numGroups = 0;
        }
        double[] d1 = new double[nq];
        double[] d2 = new double[nq];
        int[] nearest = new int[nq];
        double[][] gd1 = new double[numGroups][nq];
        double[][] gd2 = new double[numGroups][nq];
        int chunks = Math.max(1, Math.min((nq + MIN_CHUNK - 1) / MIN_CHUNK,
                4 * java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()));
        int chunk = (nq + chunks - 1) / chunks;
        final int ng = numGroups;
        List<double[]> partialMins = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            double[] colMin = new double[nr * 2];
            Arrays.fill(colMin, 0, nr, Double.POSITIVE_INFINITY);
            Arrays.fill(colMin, nr, 2 * nr, -1);
            double[] gb1 = new double[ng];
            double[] gb2 = new double[ng];
            for (int q = c * chunk; q < Math.min(nq, (c + 1) * chunk); q++) {
                double[] a = query[q];
                double b1 = Double.POSITIVE_INFINITY;
                double b2 = Double.POSITIVE_INFINITY;
                int arg = -1;
                Arrays.fill(gb1, Double.POSITIVE_INFINITY);
                Arrays.fill(gb2, Double.POSITIVE_INFINITY);
                for (int j = 0; j < nr; j++) {
                    double d = distance(a, ref[j]);
                    if (d < b1) {
                        b2 = b1;
                        b1 = d;
                        arg = j;
                    } else if (d < b2) {
                        b2 = d;
                    }
                    if (groups != null) {
                        for (int g : groups[j]) {
                            if (d < gb1[g]) {
                                gb2[g] = gb1[g];
                                gb1[g] = d;
                            } else if (d < gb2[g]) {
                                gb2[g] = d;
                            }
                        }
                    }
                    if (d < colMin[j]) {
                        colMin[j] = d;
                        colMin[nr + j] = q;
                    }
                }
                d1[q] = b1;
                d2[q] = b2;
                nearest[q] = arg;
                for (int g = 0; g < ng; g++) {
                    gd1[g][q] = gb1[g];
                    gd2[g][q] = gb2[g];
                }
            }
            return colMin;
        }).toList();
        double[] refMin = new double[nr];
        int[] refNearest = new int[nr];
        Arrays.fill(refMin, Double.POSITIVE_INFINITY);
        Arrays.fill(refNearest, -1);
        for (double[] p : partialMins) {
            for (int j = 0; j < nr; j++) {
                if (p[j] < refMin[j]) {
                    refMin[j] = p[j];
                    refNearest[j] = (int) p[nr + j];
                }
            }
        }
        return new Scan(d1, d2, nearest, gd1, gd2, refMin, refNearest);
    }

    /** The indices of the {@code k} references nearest to {@code query} (ascending distance, lower index first on ties). */
    public static int[] kNearest(double[] query, double[][] ref, int k) {
        Integer[] idx = new Integer[ref.length];
        double[] d = new double[ref.length];
        for (int j = 0; j < ref.length; j++) {
            idx[j] = j;
            d[j] = distance(query, ref[j]);
        }
        Arrays.sort(idx, (x, y) -> d[x] != d[y] ? Double.compare(d[x], d[y]) : Integer.compare(x, y));
        int[] out = new int[Math.min(k, ref.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** Euclidean distance (four partial sums, so the JIT can pipeline the loop). */
    public static double distance(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double x0 = a[i] - b[i];
            double x1 = a[i + 1] - b[i + 1];
            double x2 = a[i + 2] - b[i + 2];
            double x3 = a[i + 3] - b[i + 3];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; i < n; i++) {
            double x = a[i] - b[i];
            s0 += x * x;
        }
        return Math.sqrt((s0 + s1) + (s2 + s3));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
