package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free 4x4 transposed convolution, in the two forms a DCGAN generator needs:
 * {@code project} (stride 1, padding 0, on a 1x1 input, giving 4x4) and {@code upsample}
 * (stride 2, padding 1, doubling the size).
 *
 * <p>DJL's PyTorch engine does not implement {@code deconvolution}, so this block computes it from
 * ordinary convolutions by the sub-pixel decomposition: each of the four output phases
 * {@code (2m+a, 2n+b)} of a stride-2, 4x4 transposed convolution is a 2x2 convolution of the
 * padded input with a flipped 2x2 sub-kernel. That costs the same multiply-adds as a direct
 * transposed convolution. {@code project} is a single matrix product. The weight has PyTorch's
 * {@code ConvTranspose2d} layout {@code (in, out, 4, 4)}, so weights are interchangeable.
 */
public final class TransposedConv4 extends AbstractBlock {

    private final int outChannels;
    private final boolean upsample;
    private final Parameter weight;
    private int inChannels;

    /**
     * @param outChannels output channels
     * @param upsample true for stride 2 / padding 1; false for the stride-1 projection of a 1x1 input
     */
    public TransposedConv4(int outChannels, boolean upsample) {
        super((byte) 1);
        this.outChannels = outChannels;
        this.upsample = upsample;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        inChannels = Math.toIntExact(inputShapes[0].get(1));
        weight.setShape(new Shape(inChannels, outChannels, 4, 4));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        if (!upsample) {
            return new NDList(project(x, w));
        }
        boolean fused = outChannels <= FUSED_MAX_CHANNELS && !GradientScope.recording();
        return new NDList(fused ? upsampleFused(x, w) : upsample(x, w));
    }

    /**
     * The most output channels for which an inference draws with {@link #upsampleFused}: the image layer (1 or 3
     * channels), whose four one-to-three-channel convolutions cost the engine several times their multiply-adds.
     * Wider layers gain 0-15% per layer and lose on a 4 x 4 input (whose border costs 1.56x the multiply-adds),
     * and fusing them as well did not shorten a 32px generator's draw (docs/PERFORMANCE.md).
     */
    static final int FUSED_MAX_CHANNELS = 4;

    // Ops on the weight put their results in the weight's (long-lived) manager; each first result is
    // moved into the input's per-step manager so it is freed with the step, not at shutdown.

    /** Stride 1, padding 0, on a 1x1 input: {@code y[b, o, u, v] = sum_i x[b, i] W[i, o, u, v]}. */
    static NDArray project(NDArray x, NDArray w) {
        Shape s = x.getShape();
        if (s.get(2) != 1 || s.get(3) != 1) {
            throw new IllegalArgumentException("projection expects a 1x1 input, found " + s);
        }
        long b = s.get(0);
        long in = w.getShape().get(0);
        long out = w.getShape().get(1);
        NDArray w2 = w.reshape(in, out * 16);
        w2.attach(x.getManager());
        return x.reshape(b, in).matMul(w2).reshape(b, out, 4, 4);
    }

    /**
     * Stride 2, padding 1. Output row {@code 2m} takes input rows {@code m-1, m} with kernel rows
     * {@code 3, 1}; row {@code 2m+1} takes rows {@code m, m+1} with kernel rows {@code 2, 0}. The
     * same holds for columns.
     */
    static NDArray upsample(NDArray x, NDArray w) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        long out = w.getShape().get(1);
        NDArray xp = x.pad(new Shape(1, 1, 1, 1), 0);
        NDArray[][] phase = new NDArray[2][2];
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                NDArray xs = xp.get(":, :, " + a + ":" + (a + h + 1) + ", " + c + ":" + (c + wd + 1));
                phase[a][c] = Conv2d.conv2d(xs, phaseKernel(w, a, c, x)).singletonOrThrow();
            }
        }
        return interleave(phase, b, out, h, wd);
    }

    /**
     * Phase {@code (a, c)}'s 2x2 kernel, {@code (out, in, 2, 2)}: kernel rows {@code 3, 1} for {@code a = 0} and
     * {@code 2, 0} for {@code a = 1} (the same for columns), flipped; in {@code x}'s manager.
     */
    private static NDArray phaseKernel(NDArray w, int a, int c, NDArray x) {
        NDArray sub = w.get(":, :, " + (a == 0 ? "1::2" : "0::2") + ", " + (c == 0 ? "1::2" : "0::2"));
        sub.attach(x.getManager());
        return sub.flip(2, 3).transpose(1, 0, 2, 3);
    }

    /** {@code y[:, :, 2m+a, 2n+c] = phase[a][c][:, :, m, n]}. */
    private static NDArray interleave(NDArray[][] phase, long b, long out, long h, long wd) {
        NDArray row0 = NDArrays.stack(new NDList(phase[0][0], phase[0][1]), 4);
        NDArray row1 = NDArrays.stack(new NDList(phase[1][0], phase[1][1]), 4);
        return NDArrays.stack(new NDList(row0, row1), 3).reshape(b, out, 2 * h, 2 * wd);
    }

    /**
     * The same transposed convolution as {@link #upsample}, as one convolution: the four phases' 2x2 kernels
     * stacked as {@code 4 x out} output channels of a single 2x2 convolution over the whole padded input, which
     * gives every phase at {@code (h+1) x (w+1)} places; phase {@code (a, c)} is its channel group cut at offset
     * {@code (a, c)}. It does {@code (h+1)(w+1) / hw} times the multiply-adds (1.13x at 16 x 16) in one call
     * with four times the output channels, which the engine runs 2-2.5x faster than the four convolutions when
     * {@code out} is 1-3 ({@link #FUSED_MAX_CHANNELS}).
     * Every output is the same sum over the same inputs and taps, and on this project's machine the same bits
     * (measured; {@code TransposedConv4Test} holds it to round-off). The gradient with respect to the input
     * would be summed in another order, so training keeps {@link #upsample} (the recorded runs reproduce bit
     * for bit) and this form serves inference only: the probe, the sample grids, the evaluation's images.
     */
    static NDArray upsampleFused(NDArray x, NDArray w) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        long out = w.getShape().get(1);
        NDArray xp = x.pad(new Shape(1, 1, 1, 1), 0);
        NDList kernels = new NDList(4);
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                kernels.add(phaseKernel(w, a, c, x));
            }
        }
        NDArray all = Conv2d.conv2d(xp, NDArrays.concat(kernels, 0)).singletonOrThrow(); // (b, 4 out, h+1, w+1)
        NDArray[][] phase = new NDArray[2][2];
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                long g = 2L * a + c;
                phase[a][c] = all.get(":, " + g * out + ":" + (g + 1) * out + ", " + a + ":" + (a + h) + ", "
                        + c + ":" + (c + wd));
            }
        }
        return interleave(phase, b, out, h, wd);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return upsample
                ? new Shape[] {new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3))}
                : new Shape[] {new Shape(s.get(0), outChannels, 4, 4)};
    }
}
