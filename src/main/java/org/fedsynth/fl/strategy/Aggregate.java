package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * The coordinate-wise reducers shared by the strategies (weighted mean, coordinate-wise median,
 * trimmed mean), used by the defenses compared in Jin and Li, "Backdoor attack and defense in
 * federated GAN-based medical image synthesis" (Medical Image Analysis 2023), with the chunked,
 * optionally parallel iteration and the in-place selection they run on, and the helpers that pick
 * the clients' networks out of their updates. Krum scoring is in {@link KrumScores}, distances and
 * clipping deltas in {@link Norms}. It is over 300 lines because the reducers and their iteration
 * engine are one job: splitting them would expose the engine's internals.
 *
 * <p>Every function is static, never mutates its inputs and works over all tensors of the given
 * networks (including BatchNorm running statistics). Coordinate-wise work is split into chunks of
 * {@value #CHUNK} values; when a network holds more than {@value #PARALLEL_THRESHOLD} values the
 * chunks are processed on the common fork-join pool.
 */
public final class Aggregate {

    /** Values per work chunk: the per-chunk accumulator (64 KiB) stays in the L2 cache. */
    static final int CHUNK = 16 * 1024;

    /** Networks with more values than this are processed in parallel. */
    static final long PARALLEL_THRESHOLD = 1L << 20;

    private Aggregate() {}

    // ---------------------------------------------------------------- inputs

    /**
     * Checks that the list is non-empty and every network has the layout of the first; returns the
     * first network. Error messages name the offending index.
     */
    public static ModelWeights requireSameLayout(List<ModelWeights> models, String what) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException(what + ": need at least one model");
        }
        ModelWeights first = models.get(0);
        for (int k = 1; k < models.size(); k++) {
            String diff = first.layoutMismatch(models.get(k));
            if (diff != null) {
                throw new IllegalArgumentException(what + ": model " + k + " differs from model 0: " + diff);
            }
        }
        return first;
    }

    /**
     * The clients' generators, in update order. Layouts are not checked here: the server round
     * validates every update against the global model, and each reducer checks its inputs.
     */
    public static List<ModelWeights> generators(List<ClientUpdate> updates) {
        List<ModelWeights> out = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) {
            out.add(u.generator());
        }
        return out;
    }

    /**
     * The clients' discriminators, or {@code null} when no update carries one; an error when only
     * some do (all or none), since then neither answer is right.
     */
    public static List<ModelWeights> discriminators(List<ClientUpdate> updates) {
        int with = 0;
        for (ClientUpdate u : updates) {
            if (u.discriminator() != null) {
                with++;
            }
        }
        if (with == 0) {
            return null;
        }
        if (with != updates.size()) {
            throw new IllegalArgumentException("discriminators must be sent by all clients or none, found "
                    + with + " of " + updates.size());
        }
        List<ModelWeights> out = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) {
            out.add(u.discriminator());
        }
        return out;
    }

    /** Returns a copy of {@code w} scaled to sum to 1; an error when the sum is not positive. */
    public static double[] normalize(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("weights must have a positive finite sum, found " + s);
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / s;
        }
        return out;
    }

    // ---------------------------------------------------------------- chunked iteration

    /** One contiguous piece of one tensor: tensor index, start offset, length. */
    private record Piece(int tensor, int start, int len) {}

    private static List<Piece> pieces(ModelWeights layout) {
        List<Piece> out = new ArrayList<>();
        List<Tensor> ts = layout.tensors();
        for (int t = 0; t < ts.size(); t++) {
            int n = ts.get(t).numel();
            for (int s = 0; s < n; s += CHUNK) {
                out.add(new Piece(t, s, Math.min(CHUNK, n - s)));
            }
        }
        return out;
    }

    /** Works on one piece: reads {@code src[k][tensor]} and writes {@code dst[tensor]}. */
    private interface PieceOp {
        void apply(float[][] srcOfTensor, float[] dst, int start, int len, float[] scratch);
    }

    /**
     * Runs {@code op} over every piece of the layout, sources being the tensors of all models, and
     * returns a new network with the results.
     */
    private static ModelWeights coordinatewise(List<ModelWeights> models, int scratchSize, PieceOp op) {
        ModelWeights layout = models.get(0);
        List<Tensor> lt = layout.tensors();
        int nt = lt.size();
        int n = models.size();
        // src[t][k] = data of tensor t of model k
        float[][][] src = new float[nt][n][];
        for (int k = 0; k < n; k++) {
            List<Tensor> ts = models.get(k).tensors();
            for (int t = 0; t < nt; t++) {
                src[t][k] = ts.get(t).data();
            }
        }
        float[][] dst = new float[nt][];
        for (int t = 0; t < nt; t++) {
            dst[t] = new float[lt.get(t).numel()];
        }
        List<Piece> pieces = pieces(layout);
        IntStream range = IntStream.range(0, pieces.size());
        if (layout.numel() > PARALLEL_THRESHOLD) {
            range = range.parallel();
        }
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[scratchSize]);
        range.forEach(i -> {
            Piece p = pieces.get(i);
            op.apply(src[p.tensor()], dst[p.tensor()], p.start(), p.len(), scratch.get());
        });
        List<Tensor> out = new ArrayList<>(nt);
        for (int t = 0; t < nt; t++) {
            out.add(lt.get(t).withData(dst[t]));
        }
        return new ModelWeights(out);
    }

    // ---------------------------------------------------------------- means and robust statistics

    /**
     * The weighted mean {@code sum_k w[k] * models[k]}, coordinate by coordinate, over all tensors.
     * Weights are used as given (callers normalize); models with weight 0 are not read.
     */
    public static ModelWeights weightedMean(List<ModelWeights> models, double[] weights) {
        requireSameLayout(models, "weightedMean");
        if (weights.length != models.size()) {
            throw new IllegalArgumentException("weightedMean: " + models.size() + " models but " + weights.length + " weights");
        }
        int n = models.size();
        float[] w = new float[n];
        int[] used = new int[n];
        int nu = 0;
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weightedMean: weight " + k + " is not finite: " + weights[k]);
            }
            if (weights[k] != 0.0) {
                w[nu] = (float) weights[k];
                used[nu++] = k;
            }
        }
        final int m = nu;
        return coordinatewise(models, CHUNK, (src, dst, start, len, acc) -> {
            Arrays.fill(acc, 0, len, 0f);
            for (int u = 0; u < m; u++) {
                float wk = w[u];
                float[] s = src[used[u]];
                for (int j = 0; j < len; j++) {
                    acc[j] += wk * s[start + j];
                }
            }
            System.arraycopy(acc, 0, dst, start, len);
        });
    }

    /**
     * The coordinate-wise median (Yin et al. 2018): for an even number of models, the mean of the two
     * middle values (as numpy's median).
     */
    public static ModelWeights coordinateMedian(List<ModelWeights> models) {
        requireSameLayout(models, "coordinateMedian");
        int n = models.size();
        int hi = n / 2;
        boolean even = n % 2 == 0;
        return coordinatewise(models, n, (src, dst, start, len, buf) -> {
            for (int j = 0; j < len; j++) {
                int c = start + j;
                for (int k = 0; k < n; k++) {
                    buf[k] = src[k][c];
                }
                if (n <= SMALL_N) {
                    insertionSort(buf, n);
                    dst[c] = even ? (float) (((double) buf[hi - 1] + buf[hi]) / 2.0) : buf[hi];
                } else if (even) {
                    select(buf, 0, n - 1, hi - 1);
                    float lo = buf[hi - 1];
                    float up = min(buf, hi, n);
                    dst[c] = (float) (((double) lo + up) / 2.0);
                } else {
                    select(buf, 0, n - 1, hi);
                    dst[c] = buf[hi];
                }
            }
        });
    }

    /**
     * The coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the
     * {@code k = floor(beta * n)} smallest and {@code k} largest values and average the remaining
     * {@code n - 2k} (as scipy's {@code trim_mean}).
     *
     * @param beta the fraction trimmed from each end, {@code 0 <= beta < 0.5}
     */
    public static ModelWeights trimmedMean(List<ModelWeights> models, double beta) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("trimmed mean beta must be in [0, 0.5), found " + beta);
        }
        requireSameLayout(models, "trimmedMean");
        int n = models.size();
        int k = trimCount(n, beta);
        if (k == 0) {
            return weightedMean(models, uniform(n));
        }
        int keep = n - 2 * k;
        return coordinatewise(models, n, (src, dst, start, len, buf) -> {
            for (int j = 0; j < len; j++) {
                int c = start + j;
                for (int i = 0; i < n; i++) {
                    buf[i] = src[i][c];
                }
                select(buf, 0, n - 1, k);
                select(buf, k, n - 1, n - k - 1);
                double s = 0;
                for (int i = k; i < n - k; i++) {
                    s += buf[i];
                }
                dst[c] = (float) (s / keep);
            }
        });
    }

    /**
     * Bulyan's coordinate rule (El Mhamdi et al. 2018): per coordinate, the mean of the {@code beta}
     * values closest to the coordinate's median (ties by model order).
     *
     * @param beta how many values to average per coordinate, {@code 1 <= beta <= models.size()}
     */
    public static ModelWeights closestToMedianMean(List<ModelWeights> models, int beta) {
        requireSameLayout(models, "closestToMedianMean");
        int n = models.size();
        if (beta < 1 || beta > n) {
            throw new IllegalArgumentException("closestToMedianMean: beta must be in [1, " + n + "], found " + beta);
        }
        return coordinatewise(models, 2 * n, (src, dst, start, len, buf) -> {
            int[] order = new int[n];
            float[] v = new float[n];
            double[] dist = new double[n];
            for (int j = 0; j < len; j++) {
                int c = start + j;
                for (int i = 0; i < n; i++) {
                    v[i] = src[i][c];
                    buf[i] = v[i];
                }
                java.util.Arrays.sort(buf, 0, n);
                double med = n % 2 == 1 ? buf[n / 2] : (buf[n / 2 - 1] + (double) buf[n / 2]) / 2;
                // insertion sort of the (few) models by distance to the median; stable, so ties go by model order
                for (int i = 0; i < n; i++) {
                    double d = Math.abs(v[i] - med);
                    int at = i;
                    while (at > 0 && dist[at - 1] > d) {
                        dist[at] = dist[at - 1];
                        order[at] = order[at - 1];
                        at--;
                    }
                    dist[at] = d;
                    order[at] = i;
                }
                double sum = 0;
                for (int t = 0; t < beta; t++) {
                    sum += v[order[t]];
                }
                dst[c] = (float) (sum / beta);
            }
        });
    }

    /** The number of values trimmed from each end: {@code floor(beta * n)}. */
    public static int trimCount(int n, double beta) {
        return (int) Math.floor(beta * n + 1e-9);
    }

    /** {@code n} equal weights {@code 1/n}. */
    public static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    private static float min(float[] a, int from, int to) {
        float m = a[from];
        for (int i = from + 1; i < to; i++) {
            if (a[i] < m) {
                m = a[i];
            }
        }
        return m;
    }

    /**
     * Hoare-style quickselect on {@code a[lo..hi]}: afterwards {@code a[r]} holds the value of rank
     * {@code r}, everything in {@code [lo, r)} is {@code <=} it and everything in {@code (r, hi]} is
     * {@code >=} it.
     */
    /** Up to this many clients, sorting the n values of a coordinate beats quickselect. */
    private static final int SMALL_N = 16;

    /** Sorts {@code a[0..n)} in place (n small). */
    static void insertionSort(float[] a, int n) {
        for (int i = 1; i < n; i++) {
            float v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    static void select(float[] a, int lo, int hi, int r) {
        while (hi > lo) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    float v = a[i];
                    int j = i - 1;
                    while (j >= lo && a[j] > v) {
                        a[j + 1] = a[j];
                        j--;
                    }
                    a[j + 1] = v;
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (r <= j) {
                hi = j;
            } else if (r >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

}
