package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * Adam over a fixed list of parameters, using the engine's fused Adam kernel, with state that can
 * be exported and imported ({@link AdamState}).
 *
 * <p>DJL's own {@code Adam} keeps its moments private, so a client's optimizer could not survive a
 * checkpoint or move between rounds; this class exists for that reason only. The update equals
 * {@code torch.optim.Adam}'s: {@code lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)} with
 * {@code eps_t = eps * sqrt(1 - b2^t)} (checked against PyTorch in {@code GoldenStepTest}); the
 * kernel zeroes each gradient after use.
 */
final class AdamOptimizer implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps = 1e-8f;
    private long step;

    AdamOptimizer(NDManager parent, Map<String, Parameter> trainable, float lr, float beta1, float beta2) {
        this.manager = parent.newSubManager();
        this.params = trainable;
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
            NDArray w = e.getValue().getArray();
            mean.put(e.getKey(), manager.zeros(w.getShape()));
            variance.put(e.getKey(), manager.zeros(w.getShape()));
        }
    }

    /** Applies one update to every parameter from its accumulated gradient, then zeroes it. */
    void step() {
        step++;
        double coef1 = 1.0 - Math.pow(beta1, step);
        double coef2 = 1.0 - Math.pow(beta2, step);
        float lrCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
        // torch.optim.Adam divides by sqrt(v_hat) + eps = (sqrt(v) + eps * sqrt(1 - b2^t)) / sqrt(1 - b2^t):
        // scaling eps this way makes the fused kernel's update identical to PyTorch's.
        float epsT = (float) (eps * Math.sqrt(coef2));
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray w = e.getValue().getArray();
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(
                        new NDList(w, grad, mean.get(e.getKey()), variance.get(e.getKey())),
                        new NDList(w),
                        lr, lrCorrected, 0f, 1f, Float.MAX_VALUE, beta1, beta2, epsT, true, false);
            }
        }
    }

    /** Copies the optimizer state out of native memory. */
    AdamState export() {
        return new AdamState(step, toWeights(mean), toWeights(variance));
    }

    /** Replaces the optimizer state (layouts must match the parameters). */
    void load(AdamState state) {
        copyIn(state.firstMoment(), mean, "first moment");
        copyIn(state.secondMoment(), variance, "second moment");
        this.step = state.step();
    }

    /**
     * Resets to a fresh optimizer (step 0, zero moments). The moments are overwritten, not multiplied by 0,
     * so that a previous client's non-finite moments (an attacker whose training diverged on this workbench)
     * do not survive as NaN.
     */
    void reset() {
        step = 0;
        for (Map<String, NDArray> moments : List.of(mean, variance)) {
            for (NDArray a : moments.values()) {
                a.set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
            }
        }
    }

    private static ModelWeights toWeights(Map<String, NDArray> arrays) {
        List<Tensor> list = new ArrayList<>(arrays.size());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            list.add(new Tensor(e.getKey(), e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        return new ModelWeights(list);
    }

    private static void copyIn(ModelWeights src, Map<String, NDArray> dst, String what) {
        if (src.size() != dst.size()) {
            throw new IllegalArgumentException("optimizer " + what + ": expected " + dst.size()
                    + " tensors, found " + src.size());
        }
        for (Map.Entry<String, NDArray> e : dst.entrySet()) {
            Tensor t = src.get(e.getKey());
            if (t.numel() != e.getValue().size()) {
                throw new IllegalArgumentException("optimizer " + what + " " + e.getKey() + ": expected "
                        + e.getValue().size() + " values, found " + t.numel());
            }
            e.getValue().set(FloatBuffer.wrap(t.data()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
