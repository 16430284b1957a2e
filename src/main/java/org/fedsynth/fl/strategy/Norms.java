package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * L2 distances and norms of whole networks (all tensors, BatchNorm statistics included), and the
 * delta scaling of norm clipping (Sun et al. 2019). Pure functions; inputs are never mutated.
 */
public final class Norms {

    private Norms() {}


    /** The squared Euclidean distance between two networks of the same layout, over all tensors. */
    public static double squaredDistance(ModelWeights a, ModelWeights b) {
        String diff = a.layoutMismatch(b);
        if (diff != null) {
            throw new IllegalArgumentException("squaredDistance: layouts differ: " + diff);
        }
        List<Tensor> ta = a.tensors();
        List<Tensor> tb = b.tensors();
        double s = 0;
        for (int t = 0; t < ta.size(); t++) {
            float[] x = ta.get(t).data();
            float[] y = tb.get(t).data();
            for (int i = 0; i < x.length; i++) {
                double dd = (double) x[i] - y[i];
                s += dd * dd;
            }
        }
        return s;
    }

    /** The L2 distance {@code ||a - b||} over all tensors (for example an update's norm). */
    public static double l2Distance(ModelWeights a, ModelWeights b) {
        return Math.sqrt(squaredDistance(a, b));
    }

    /** The L2 norm of a network over all tensors. */
    public static double l2Norm(ModelWeights a) {
        double s = 0;
        for (Tensor t : a) {
            for (float v : t.data()) {
                s += (double) v * v;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * {@code base + factor * (model - base)}: the model with its delta from {@code base} scaled by
     * {@code factor} (factor 1 returns {@code model} itself).
     */
    public static ModelWeights scaleDelta(ModelWeights base, ModelWeights model, double factor) {
        String diff = base.layoutMismatch(model);
        if (diff != null) {
            throw new IllegalArgumentException("scaleDelta: layouts differ: " + diff);
        }
        if (factor == 1.0) {
            return model;
        }
        List<Tensor> tb = base.tensors();
        List<Tensor> tm = model.tensors();
        List<Tensor> out = new ArrayList<>(tb.size());
        for (int t = 0; t < tb.size(); t++) {
            float[] b = tb.get(t).data();
            float[] m = tm.get(t).data();
            float[] r = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                r[i] = (float) (b[i] + factor * ((double) m[i] - b[i]));
            }
            out.add(tm.get(t).withData(r));
        }
        return new ModelWeights(out);
    }

    /** The factor {@code min(1, bound / norm)} that clips a delta of this norm to L2 norm {@code bound}. */
    public static double clipFactor(double norm, double bound) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("clip bound must be > 0, found " + bound);
        }
        return norm > bound ? bound / norm : 1.0;
    }

    /** Pairwise cosine distances {@code 1 - cos} of flat vectors (0 for a zero vector's pairs). */
    public static double[][] cosineDistances(float[][] x) {
        int n = x.length;
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (float v : x[i]) {
                s += (double) v * v;
            }
            norm[i] = Math.sqrt(s);
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dot = 0;
                float[] a = x[i];
                float[] b = x[j];
                for (int k = 0; k < a.length; k++) {
                    dot += (double) a[k] * b[k];
                }
                double c = norm[i] == 0 || norm[j] == 0 ? 0 : dot / (norm[i] * norm[j]);
                d[i][j] = 1 - c;
                d[j][i] = 1 - c;
            }
        }
        return d;
    }

    /**
     * Adds the count sketch of {@code client - global} into {@code sketch}: coordinate {@code j} goes, with a
     * sign, into one of {@code sketch.length} buckets by a fixed hash, so inner products (hence cosines) of
     * sketches estimate those of the vectors (error about {@code 1 / sqrt(sketch.length)} of the norms).
     */
    public static void countSketchAdd(float[] client, float[] global, double[] sketch) {
        int[] slots = sketchSlots(client.length, sketch.length);
        for (int j = 0; j < client.length; j++) {
            int slot = slots[j];
            double diff = (double) client[j] - global[j];
            // the low bit of a slot is the hash's sign: the same sum, term for term, as hashing j here; a multiply
            // by +-1 (exact) instead of a branch on a random bit, which the processor mispredicted half the time
            // (3x slower, measured)
            sketch[slot >>> 1] += diff * SIGNS[slot & 1];
        }
    }

    /** A slot's sign by its low bit. */
    private static final double[] SIGNS = {1.0, -1.0};

    /** The slots of the last length and bucket count sketched, one immutable pair. */
    private record SketchSlots(int dim, int[] slots) {}

    private static volatile SketchSlots cachedSlots = new SketchSlots(-1, new int[0]);

    /**
     * Each coordinate's bucket (times 2) and sign (the low bit) for a vector of {@code length} into {@code dim}
     * buckets. The hash is a 64-bit mix and an unsigned remainder per coordinate, which cost several times the
     * add itself; a federation sketches vectors of one length round after round, so the table of the last
     * length and bucket count is kept (one int per coordinate).
     */
    static int[] sketchSlots(int length, int dim) {
        if (dim < 1 || dim > (Integer.MAX_VALUE >>> 1)) {
            throw new IllegalArgumentException("a count sketch needs between 1 and 2^30 buckets, got " + dim);
        }
        SketchSlots c = cachedSlots;
        if (c.dim() == dim && c.slots().length == length) {
            return c.slots();
        }
        int[] slots = new int[length];
        for (int j = 0; j < length; j++) {
            long h = mix(j);
            int bucket = (int) Long.remainderUnsigned(h, dim);
            slots[j] = (bucket << 1) | (int) (h >>> 63);
        }
        cachedSlots = new SketchSlots(dim, slots);
        return slots;
    }

    /** SplitMix64 of the coordinate index: a fixed hash, so every server sketches alike. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
