package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The conditional DCGAN generator: {@code G(z, y)} maps noise {@code z} concatenated with a label
 * embedding through transposed convolutions with BatchNorm and ReLU, ending in tanh.
 *
 * <p>Inputs: {@code NDList(z [B, zDim], onehot [B, K])}. Output: images {@code [B, C, r, r]} in
 * [-1, 1]. The label embedding is a bias-free linear map of the one-hot label, which is exactly an
 * embedding lookup.
 */
public final class ConditionalGenerator extends AbstractBlock {

    private final GanSpec spec;
    private final Block embed;
    private final SequentialBlock body;

    /** Builds the blocks for {@code spec} (parameters are created by {@code initialize}). */
    public ConditionalGenerator(GanSpec spec) {
        super((byte) 1);
        this.spec = spec;
        this.embed = addChildBlock("embed", Linear.builder().setUnits(spec.embedDim()).optBias(false).build());
        SequentialBlock seq = new SequentialBlock();
        int width = spec.topWidth();
        seq.add(new TransposedConv4(width, false)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        for (int s = 1; s < spec.upsamplingStages(); s++) {
            width /= 2;
            seq.add(new TransposedConv4(width, true)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        seq.add(new TransposedConv4(spec.channels(), true)).add(Activation.tanhBlock());
        this.body = addChildBlock("body", seq);
    }

    /** The architecture this generator was built for. */
    public GanSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray onehot = inputs.get(1);
        NDArray e = embed.forward(ps, new NDList(onehot), training).singletonOrThrow();
        NDArray h = NDArrays.concat(new NDList(z, e), 1);
        h = h.reshape(h.getShape().get(0), spec.zDim() + spec.embedDim(), 1, 1);
        return body.forward(ps, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, spec.channels(), spec.resolution(), spec.resolution())};
    }

    @Override
    protected void initializeChildBlocks(
            ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        embed.initialize(manager, dataType, inputShapes[1]);
        body.initialize(manager, dataType, new Shape(b, spec.zDim() + spec.embedDim(), 1, 1));
    }
}
