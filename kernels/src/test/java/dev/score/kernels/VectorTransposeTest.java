package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The transposing copy of matmul's packing, its gathers against its plain loop, float for float: at
 * the widths matmul packs (12-row A panels, 32-column B panels) and others, with rows missing (a
 * panel at the matrix's edge), step counts around whole periods of the gathers' pattern, and an
 * output that starts past the beginning of its array and must not be written outside its
 * {@code (steps, w)} region.
 */
class VectorTransposeTest {

    @Test
    void gathersEqualThePlainLoop() {
        RandomArrays random = new RandomArrays(21);
        for (int w : new int[] {12, 32, 6, 16, 20}) {
            for (int rows : new int[] {w, w - 1, 5, 1}) {
                for (int steps : new int[] {0, 1, 3, 4, 5, 15, 16, 17, 50, 256}) {
                    int stride = steps + 7;
                    int from = 3;
                    float[] src = random.uniform(from + rows * stride, -1, 1);
                    int at = 11;
                    float[] expected = new float[at + steps * w + 9];
                    Arrays.fill(expected, Float.NaN);
                    float[] actual = expected.clone();
                    VectorTranspose.byLoop(src, from, stride, rows, 0, steps, expected, at, w);
                    VectorTranspose.rows(src, from, stride, rows, steps, actual, at, w);
                    assertArrayEquals(expected, actual, "w=" + w + " rows=" + rows + " steps=" + steps);
                }
            }
        }
    }
}
