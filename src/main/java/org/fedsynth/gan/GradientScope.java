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

    /**
     * Runs {@code work} with the calling thread's recording off, and restores it after. The engine starts every
     * new thread recording (PyTorch's grad mode is on by default per thread; DJL turns it off only on the thread
     * that loaded the engine), so an inference on a worker thread would otherwise keep an autograd graph it never
     * uses; and {@link TransposedConv4} draws the image layer faster when nothing is recorded.
     */
    static <T> T withoutRecording(java.util.function.Supplier<T> work) {
        boolean was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            if (was) {
                JniUtils.setGradMode(true);
            }
        }
    }

    /** Whether the calling thread's operations are being recorded for backpropagation now. */
    static boolean recording() {
        return JniUtils.isGradMode();
    }

    @Override
    public void close() {
        if (!wasRecording) {
            JniUtils.setGradMode(false);
        }
    }
}
