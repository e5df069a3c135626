package dev.score.engine.io;

import java.util.Arrays;

/**
 * A tensor to be written to a safetensors file: its shape and its values, row-major. The values are
 * held, not copied (and floats are read a chunk at a time), so that writing a large model does not
 * double its memory.
 */
public sealed interface TensorData {

    int[] shape();

    DType dtype();

    static TensorData floats(float[] values, int... shape) {
        return new Floats(shape, FloatValues.of(values));
    }

    static TensorData floats(FloatValues values, int... shape) {
        return new Floats(shape, values);
    }

    static TensorData longs(long[] values, int... shape) {
        return new Longs(shape, values);
    }

    /** Written as F32. */
    record Floats(int[] shape, FloatValues values) implements TensorData {
        public Floats {
            shape = checkedShape(shape, values.size());
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public DType dtype() {
            return DType.F32;
        }
    }

    /** Written as I64. */
    record Longs(int[] shape, long[] values) implements TensorData {
        public Longs {
            shape = checkedShape(shape, values.length);
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public DType dtype() {
            return DType.I64;
        }
    }

    private static int[] checkedShape(int[] shape, int valueCount) {
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (Shapes.elementCount(shape) != valueCount) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " does not hold " + valueCount + " values");
        }
        return shape.clone();
    }
}
