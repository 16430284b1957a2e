package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A bias-free 4x4 convolution whose weight is divided by its spectral norm (Miyato et al. 2018):
 * {@code W_sn = W / sigma(W)}, with {@code sigma} the largest singular value of {@code W} read as an
 * {@code out x (in*4*4)} matrix. {@code sigma} is estimated as in the paper and in PyTorch's
 * {@code spectral_norm}: one power iteration per training forward pass on a persistent vector
 * {@code u} ({@code v = W^T u / |.|}, {@code u = W v / |.|}, {@code sigma = u^T W v}), with the
 * gradient flowing through {@code W} in {@code sigma} and not through {@code u} or {@code v}.
 * {@code u} is a parameter without gradient, so it is saved and loaded with the weights.
 */
public final class SpectralConv2d extends AbstractBlock {

    private final int outChannels;
    private final int stride;
    private final int pad;
    private final Parameter weight;
    private final Parameter u;

    /** A 4x4 convolution to {@code outChannels} with the given stride and padding. */
    public SpectralConv2d(int outChannels, int stride, int pad) {
        super((byte) 1);
        this.outChannels = outChannels;
        this.stride = stride;
        this.pad = pad;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.u = addParameter(Parameter.builder().setName("u").setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(1f)).optRequiresGrad(false)
                .optShape(new Shape(outChannels, 1)).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(outChannels, inputShapes[0].get(1), 4, 4));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray uArr = ps.getValue(u, x.getDevice(), training);
        // Ops on a parameter put their results in its long-lived manager: the first result of each
        // is moved into the input's per-step manager, so it is freed with the step.
        NDArray wm = w.reshape(outChannels, -1);
        wm.attach(x.getManager());
        NDArray u0 = uArr.stopGradient();
        u0.attach(x.getManager());
        NDArray[] uv = powerIteration(wm.stopGradient(), u0);
        if (training) {
            uArr.set(uv[0].toFloatArray());
        }
        NDArray sigma = uv[0].transpose().matMul(wm).matMul(uv[1]).reshape(1, 1);
        NDArray wsn = wm.div(sigma).reshape(w.getShape());
        return Conv2d.conv2d(x, wsn, null, new Shape(stride, stride), new Shape(pad, pad));
    }

    /** One power-iteration step on {@code w} from {@code u}: returns {@code {u', v}}, both unit column vectors. */
    static NDArray[] powerIteration(NDArray w, NDArray u) {
        NDArray v = normalize(w.transpose().matMul(u));
        NDArray u1 = normalize(w.matMul(v));
        return new NDArray[] {u1, v};
    }

    private static NDArray normalize(NDArray col) {
        return col.div(Scalars.add(col.square().sum().sqrt(), 1e-12f));
    }

    /** The current estimate of {@code sigma(W)}, from the stored {@code u} (no update), for tests. */
    float sigmaEstimate() {
        NDArray w = weight.getArray();
        try (var m = w.getManager().newSubManager()) {
            NDArray wm = w.reshape(outChannels, -1);
            wm.attach(m);
            NDArray u0 = u.getArray().duplicate();
            u0.attach(m);
            NDArray v = normalize(wm.transpose().matMul(u0));
            return u0.transpose().matMul(wm).matMul(v).getFloat();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) + 2L * pad - 4) / stride + 1;
        long wd = (s.get(3) + 2L * pad - 4) / stride + 1;
        return new Shape[] {new Shape(s.get(0), outChannels, h, wd)};
    }
}
