package org.fedsynth.fl;

import java.util.Arrays;

/**
 * One named parameter tensor as it crosses the federation boundary: a name, a shape and plain
 * {@code float} values. Never a live NDArray. Treated as immutable: nobody writes into {@code data}
 * after construction.
 *
 * @param name the parameter's name in the model (for example {@code 01ConvTranspose_weight})
 * @param shape the tensor's shape
 * @param data the values, row-major, {@code product(shape)} of them
 */
public record Tensor(String name, long[] shape, float[] data) {

    /** Checks that the data length matches the shape. */
    public Tensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, found " + data.length);
        }
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int numel() {
        return data.length;
    }

    /** Whether another tensor has the same name and shape. */
    public boolean sameLayout(Tensor other) {
        return name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    /** A tensor with the same name and shape and new values. */
    public Tensor withData(float[] newData) {
        return new Tensor(name, shape, newData);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
