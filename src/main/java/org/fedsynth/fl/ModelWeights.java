package org.fedsynth.fl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of named tensors: the full state of one network (weights and BatchNorm running
 * statistics), as exchanged between clients and the server and stored in checkpoints.
 */
public final class ModelWeights implements Iterable<Tensor> {

    private final Map<String, Tensor> tensors;

    /** Builds from tensors in model order; names must be unique. */
    public ModelWeights(List<Tensor> list) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : list) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
        }
        this.tensors = Collections.unmodifiableMap(map);
    }

    /** Tensors in model order. */
    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** Tensor names in model order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** The tensor with this name, or an error naming the missing tensor. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named " + name + "; known: " + tensors.keySet());
        }
        return t;
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** Total number of scalar values. */
    public long numel() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.numel();
        }
        return n;
    }

    /**
     * Checks that {@code other} has exactly the same tensor names, order and shapes, and returns a
     * description of the first difference, or {@code null} when they match.
     */
    public String layoutMismatch(ModelWeights other) {
        if (other.size() != size()) {
            return "expected " + size() + " tensors, found " + other.size();
        }
        Iterator<Tensor> a = tensors.values().iterator();
        Iterator<Tensor> b = other.tensors.values().iterator();
        while (a.hasNext()) {
            Tensor x = a.next();
            Tensor y = b.next();
            if (!x.sameLayout(y)) {
                return "expected tensor " + x + ", found " + y;
            }
        }
        return null;
    }

    /** Whether every value is finite; returns the first non-finite tensor name or {@code null}. */
    public String firstNonFinite() {
        for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
                if (!Float.isFinite(v)) {
                    return t.name();
                }
            }
        }
        return null;
    }

    /** All values flattened into one vector, in model order (for distance-based strategies). */
    public float[] flatten() {
        float[] out = new float[Math.toIntExact(numel())];
        int off = 0;
        for (Tensor t : tensors.values()) {
            System.arraycopy(t.data(), 0, out, off, t.numel());
            off += t.numel();
        }
        return out;
    }

    /** A new instance with this layout and the given flat values (inverse of {@link #flatten()}). */
    public ModelWeights unflatten(float[] flat) {
        if (flat.length != numel()) {
            throw new IllegalArgumentException("expected " + numel() + " values, found " + flat.length);
        }
        List<Tensor> out = new ArrayList<>(size());
        int off = 0;
        for (Tensor t : tensors.values()) {
            float[] d = new float[t.numel()];
            System.arraycopy(flat, off, d, 0, d.length);
            off += d.length;
            out.add(t.withData(d));
        }
        return new ModelWeights(out);
    }

    /**
     * The moving-average step {@code decay * this + (1 - decay) * next}, tensor by tensor (BatchNorm
     * running statistics included), computed in double and stored as float.
     *
     * @throws IllegalArgumentException when the layouts differ or {@code decay} is outside [0, 1]
     */
    public ModelWeights movingAverage(ModelWeights next, double decay) {
        String mismatch = layoutMismatch(next);
        if (mismatch != null) {
            throw new IllegalArgumentException("moving average of different models: " + mismatch);
        }
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1], found " + decay);
        }
        float[] a = flatten();
        float[] b = next.flatten();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (decay * a[i] + (1 - decay) * b[i]);
        }
        return unflatten(a);
    }

    @Override
    public Iterator<Tensor> iterator() {
        return tensors.values().iterator();
    }
}
