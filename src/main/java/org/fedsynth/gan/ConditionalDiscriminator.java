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
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The conditional discriminator {@code D(x, y)}: strided 4x4 convolutions with LeakyReLU(0.2) down
 * to 4x4, then a 4x4 convolution to one logit per image. Its {@link DiscriminatorDesign} sets the
 * rest:
 * <ul>
 *   <li>the paper's ({@link DiscriminatorDesign#dcgan}): the label as one-hot input channels and
 *       BatchNorm on every convolution but the first (left out for WGAN-GP, whose penalty is per
 *       image);
 *   <li>spectral normalization of every convolution ({@link SpectralConv2d});
 *   <li>projection conditioning: the logit gains {@code <embed(y), phi(x)>}, {@code phi(x)} the last
 *       4x4 features summed over space, and the image enters alone;
 *   <li>a minibatch standard-deviation channel ({@link MinibatchStddev}) before the last convolution.
 * </ul>
 *
 * <p>Inputs: {@code NDList(images [B, C, r, r], onehot [B, K])}. Output: logits {@code [B]}.
 */
public final class ConditionalDiscriminator extends AbstractBlock {

    private final GanSpec spec;
    private final DiscriminatorDesign design;
    private final SequentialBlock body;
    private final SequentialBlock head;
    private final Block embed;
    private final int featureWidth;

    /** The paper's discriminator, with or without BatchNorm. */
    public ConditionalDiscriminator(GanSpec spec, boolean batchNorm) {
        this(spec, DiscriminatorDesign.dcgan(batchNorm));
    }

    /** Builds the blocks for {@code spec} and {@code design}. */
    public ConditionalDiscriminator(GanSpec spec, DiscriminatorDesign design) {
        super((byte) 1);
        this.spec = spec;
        this.design = design;
        SequentialBlock seq = new SequentialBlock();
        int width = spec.baseWidth();
        seq.add(conv(width, 2, 1)).add(Activation.leakyReluBlock(0.2f));
        for (int s = 1; s < spec.upsamplingStages(); s++) {
            width *= 2;
            seq.add(conv(width, 2, 1));
            if (design.batchNorm()) {
                seq.add(BatchNorm.builder().build());
            }
            seq.add(Activation.leakyReluBlock(0.2f));
        }
        this.featureWidth = width;
        boolean projection = design.conditioning() == DiscriminatorDesign.Conditioning.PROJECTION;
        SequentialBlock last = projection ? new SequentialBlock() : seq;
        if (design.minibatchStddev()) {
            last.add(new MinibatchStddev());
        }
        last.add(conv(1, 1, 0));
        // The projection embedding is not named "embed": it is initialised N(0, 0.02) like the
        // convolutions, not N(0, 1) like the generator's label embedding. The paper's discriminator keeps its one "body" block, so its parameter names and
        // initial draws are those of every earlier FedSynth version.
        this.body = addChildBlock("body", seq);
        this.head = projection ? addChildBlock("head", last) : null;
        this.embed = projection
                ? addChildBlock("projection", Linear.builder().setUnits(width).optBias(false).build())
                : null;
    }

    private Block conv(int filters, int stride, int pad) {
        if (design.spectralNorm()) {
            return new SpectralConv2d(filters, stride, pad);
        }
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

    /** How this discriminator is built. */
    public DiscriminatorDesign design() {
        return design;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray onehot = inputs.get(1);
        Shape s = x.getShape();
        long b = s.get(0);
        if (head == null) {
            NDArray maps = onehot.reshape(b, spec.numClasses(), 1, 1)
                    .broadcast(b, spec.numClasses(), s.get(2), s.get(3));
            NDArray h = NDArrays.concat(new NDList(x, maps), 1);
            NDArray logits = body.forward(ps, new NDList(h), training).singletonOrThrow();
            return new NDList(logits.reshape(b));
        }
        NDArray features = body.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray psi = head.forward(ps, new NDList(features), training).singletonOrThrow().reshape(b);
        NDArray phi = features.sum(new int[] {2, 3});
        NDArray e = embed.forward(ps, new NDList(onehot), training).singletonOrThrow();
        return new NDList(psi.add(phi.mul(e).sum(new int[] {1})));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        if (head == null) {
            body.initialize(manager, dataType, new Shape(s.get(0), s.get(1) + spec.numClasses(), s.get(2), s.get(3)));
            return;
        }
        body.initialize(manager, dataType, s);
        head.initialize(manager, dataType, new Shape(s.get(0), featureWidth, 4, 4));
        embed.initialize(manager, dataType, inputShapes[1]);
    }
}
