package dev.score.engine.io;

import java.util.Arrays;

/** Element counts and printing of tensor shapes. */
final class Shapes {

    private Shapes() {}

    /** The number of elements, or -1 when it does not fit in a long. */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }

    /** {@code [48, 144]}, the way messages print a shape. */
    static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}
