package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records the calling thread's operations for backpropagation, as DJL's {@code GradientCollector}
 * does, without its limit of one collector in the whole process: the engine's grad mode and
 * autograd graph are per thread, so clients can train at once on threads of their own (see
 * {@code ClientTrainers}). DJL's collector also offers {@code zeroGradients}; the workbench zeroes
 * its own parameters' gradients instead.
 */
final class GradientScope implements AutoCloseable {

    private final boolean wasRecording;

    GradientScope() {
        wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Backpropagates the scalar {@code loss} into the gradients of the parameters it depends on. */
    void backward(NDArray loss) {
        try (NDArray seed = loss.getManager().ones(loss.getShape(), loss.getDataType())) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    @Override
    public void close() {
        if (!wasRecording) {
            JniUtils.setGradMode(false);
        }
    }
}
