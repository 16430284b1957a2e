package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Minibatch standard deviation (Karras et al. 2018, ProGAN): appends one channel that holds, at
 * every position, the batch's standard deviation of each feature averaged over features and
 * positions. A batch of near-copies shows a small value there, which D learns to reject, so G is
 * pushed to vary its output. No parameters.
 */
final class MinibatchStddev extends AbstractBlock {

    MinibatchStddev() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        NDArray centred = x.sub(x.mean(new int[] {0}, true));
        NDArray sd = Scalars.add(centred.square().mean(new int[] {0}), 1e-8f).sqrt().mean();
        NDArray map = sd.reshape(1, 1, 1, 1).broadcast(s.get(0), 1, s.get(2), s.get(3));
        return new NDList(NDArrays.concat(new NDList(x, map), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) + 1, s.get(2), s.get(3))};
    }
}
