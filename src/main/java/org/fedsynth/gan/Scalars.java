package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic of a tensor with a number that is safe to differentiate. Use these, never DJL's
 * {@code NDArray.mul(Number)}, {@code div(Number)}, {@code pow(Number)} or {@code maximum(Number)} (nor
 * {@code rsub}, {@code rdiv}, {@code rpow}, the {@code NDArrays} helpers with a number, {@code swish} or
 * {@code mish}, which do the same inside), in anything a loss is built from.
 *
 * <p>Why: DJL 0.36's PyTorch engine makes the number a 0-d tensor with {@code manager.create(n)}. That
 * tensor's memory is a Java direct buffer that the tensor only borrows (PyTorch {@code from_blob}), and
 * DJL closes it as soon as the operator returns. Autograd, though, keeps operands it needs for the
 * backward pass: the factor of a product, the divisor, the exponent, the bound of a maximum. Once the JVM
 * collects the buffer, the backward pass reads freed memory. The gradients are then wrong only when a
 * garbage collection lands between a loss's forward and backward pass and the freed block is reused, so
 * the error is rare, timing-dependent and not reproducible. It was found as a networked-versus-simulated
 * test that failed about one run in ten (the mode-seeking term's {@code pow(-1)} and {@code mul(lambda)};
 * under a collection every millisecond one step in ten gave the generator gradients of 1e32 and NaN).
 * {@code ScalarsTest} reproduces it deterministically: it collects the heap and overwrites freed memory
 * between forward and backward.
 *
 * <p>Here the number is a tensor PyTorch allocates and reference-counts itself ({@code manager.full}),
 * so autograd's reference keeps it alive after this Java handle is closed.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x * v}. */
    public static NDArray mul(NDArray x, float v) {
        return with(x, v, NDArray::mul);
    }

    /** {@code x / v}. */
    public static NDArray div(NDArray x, float v) {
        return with(x, v, NDArray::div);
    }

    /** {@code x + v}. */
    public static NDArray add(NDArray x, float v) {
        return with(x, v, NDArray::add);
    }

    /** {@code x - v}. */
    public static NDArray sub(NDArray x, float v) {
        return with(x, v, NDArray::sub);
    }

    /** {@code x ^ v}, element-wise. */
    public static NDArray pow(NDArray x, float v) {
        return with(x, v, NDArray::pow);
    }

    /** {@code max(x, v)}, element-wise. */
    public static NDArray maximum(NDArray x, float v) {
        return with(x, v, NDArray::maximum);
    }

    /**
     * {@code op(x, v)} with {@code v} a 0-d tensor of {@code x}'s manager and type in memory the engine owns; the
     * handle is closed after, and autograd's own reference keeps the value for the backward pass.
     */
    private static NDArray with(NDArray x, float v, BinaryOperator<NDArray> op) {
        try (NDArray s = x.getManager().full(new Shape(), v, x.getDataType())) {
            return op.apply(x, s);
        }
    }
}
