package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * Weights in and out of a network in native memory: DCGAN initialization, copying a
 * {@link ModelWeights} in (checking the layout) and copying the current weights out.
 */
final class NetworkWeights {

    private NetworkWeights() {}

    /**
     * Fresh weights with DCGAN initialization (Radford et al. 2016): convolutions N(0, 0.02),
     * BatchNorm scale N(1, 0.02) and shift 0, label embedding N(0, 1), drawn from {@code new Random(seed)}
     * in parameter order.
     */
    static ModelWeights initial(Block block, long seed) {
        Random rng = new Random(seed);
        List<Tensor> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            Parameter param = p.getValue();
            long[] shape = param.getArray().getShape().getShape();
            float[] v = new float[Math.toIntExact(param.getArray().size())];
            switch (param.getType()) {
                case GAMMA -> fillGaussian(v, rng, 1f, 0.02f);
                case RUNNING_VAR -> Arrays.fill(v, 1f);
                case BETA, RUNNING_MEAN, BIAS -> { }
                default -> fillGaussian(v, rng, 0f, p.getKey().contains("embed") ? 1f : 0.02f);
            }
            out.add(new Tensor(p.getKey(), shape, v));
        }
        return new ModelWeights(out);
    }

    private static void fillGaussian(float[] v, Random rng, float mean, float sd) {
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + sd * (float) rng.nextGaussian();
        }
    }

    /** Copies {@code w} into {@code block}; {@code what} names the network in errors. */
    static void load(Block block, ModelWeights w, String what) {
        var params = block.getParameters();
        if (params.size() != w.size()) {
            throw new IllegalArgumentException(what + ": expected " + params.size() + " tensors, found " + w.size()
                    + " (was the checkpoint made with another resolution, channel count or class count?)");
        }
        for (var p : params) {
            Tensor t = w.get(p.getKey());
            NDArray a = p.getValue().getArray();
            if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                throw new IllegalArgumentException(what + " tensor " + p.getKey() + ": expected shape "
                        + a.getShape() + ", found " + Arrays.toString(t.shape()));
            }
            a.set(FloatBuffer.wrap(t.data()));
        }
    }

    /** The block's current weights, copied out of native memory. */
    static ModelWeights export(Block block) {
        List<Tensor> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(new Tensor(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return new ModelWeights(out);
    }
}
