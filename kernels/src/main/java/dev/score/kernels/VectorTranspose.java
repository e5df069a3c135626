package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The transposing copy behind matmul's packing: {@code w} rows of a row-major matrix, read along
 * their length, written step by step as {@code (steps, w)}, so that each step's {@code w} values sit
 * together for the micro-kernel. Plain loops write one float per load and store; here each vector of
 * the output is gathered from the {@code w} rows at once. (Packing A ran at about 2 cycles per float
 * that way, 15 % of a training step's matmul time.)
 */
final class VectorTranspose {

    private VectorTranspose() {
    }

    /**
     * {@code dst[at + p·w + r] = src[from + r·stride + p]} for {@code p < steps}, {@code r < rows};
     * zero for {@code rows ≤ r < w}.
     */
    static void rows(float[] src, int from, int stride, int rows, int steps, float[] dst, int at, int w) {
        int done = 0;
        if (rows == w) {
            // The output repeats its pattern of source offsets every `period` floats, `period / w` steps.
            int period = lcm(w, L);
            int stepsPerPeriod = period / w;
            int[] offsets = new int[period];
            for (int f = 0; f < period; f++) {
                offsets[f] = (f % w) * stride + f / w;
            }
            for (; done + stepsPerPeriod <= steps; done += stepsPerPeriod) {
                int out = at + done * w;
                for (int v = 0; v < period; v += L) {
                    FloatVector.fromArray(S, src, from + done, offsets, v).intoArray(dst, out + v);
                }
            }
        }
        for (int p = done; p < steps; p++) {
            int out = at + p * w;
            for (int r = 0; r < rows; r++) {
                dst[out + r] = src[from + r * stride + p];
            }
            for (int r = rows; r < w; r++) {
                dst[out + r] = 0f;
            }
        }
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
