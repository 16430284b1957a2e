package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The conditional DCGAN discriminator: {@code D(x, y)} takes the image with the label as one-hot
 * channels, then strided convolutions with BatchNorm (none on the first) and LeakyReLU(0.2), and
 * outputs one logit per image.
 *
 * <p>With {@code batchNorm=false} the BatchNorm layers are left out, as a WGAN-GP critic needs
 * (the gradient penalty is defined per sample).
 *
 * <p>Inputs: {@code NDList(images [B, C, r, r], onehot [B, K])}. Output: logits {@code [B]}.
 */
public final class ConditionalDiscriminator extends AbstractBlock {

    private final GanSpec spec;
    private final SequentialBlock body;

    /** Builds the blocks for {@code spec}. */
    public ConditionalDiscriminator(GanSpec spec, boolean batchNorm) {
        super((byte) 1);
        this.spec = spec;
        SequentialBlock seq = new SequentialBlock();
        int width = spec.baseWidth();
        seq.add(conv(width, 2, 1)).add(Activation.leakyReluBlock(0.2f));
        for (int s = 1; s < spec.upsamplingStages(); s++) {
            width *= 2;
            seq.add(conv(width, 2, 1));
            if (batchNorm) {
                seq.add(BatchNorm.builder().build());
            }
            seq.add(Activation.leakyReluBlock(0.2f));
        }
        seq.add(conv(1, 1, 0));
        this.body = addChildBlock("body", seq);
    }

    private static Block conv(int filters, int stride, int pad) {
        return Conv2d.builder()
                .setKernelShape(new Shape(4, 4))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    /** The architecture this discriminator was built for. */
    public GanSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray onehot = inputs.get(1);
        Shape s = x.getShape();
        NDArray maps = onehot.reshape(s.get(0), spec.numClasses(), 1, 1)
                .broadcast(s.get(0), spec.numClasses(), s.get(2), s.get(3));
        NDArray h = NDArrays.concat(new NDList(x, maps), 1);
        NDArray logits = body.forward(ps, new NDList(h), training).singletonOrThrow();
        return new NDList(logits.reshape(s.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        body.initialize(manager, dataType, new Shape(s.get(0), s.get(1) + spec.numClasses(), s.get(2), s.get(3)));
    }
}
