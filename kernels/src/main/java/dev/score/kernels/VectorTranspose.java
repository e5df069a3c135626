package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The transposing copy behind matmul's packing: {@code w} rows of a row-major matrix, read along
 * their length, written step by step as {@code (steps, w)}, so that each step's {@code w} values sit
 * together for the micro-kernel. Plain loops move one float per load and store (packing A so took
 * about 2 cycles per float, 15 % of a training step's matmul time); here each output vector is
 * gathered from the rows at once ({@link #byGathers}, 2.7–3 times faster), and the steps left over
 * go through the plain loop. (A transpose in registers by two-vector lane selects ran only 15 %
 * faster than the gathers, for 150 lines more.)
 */
final class VectorTranspose {

    private VectorTranspose() {
    }

    /**
     * {@code dst[at + p·w + r] = src[from + r·stride + p]} for {@code p < steps}, {@code r < rows};
     * zero for {@code rows ≤ r < w}.
     */
    static void rows(float[] src, int from, int stride, int rows, int steps, float[] dst, int at, int w) {
        byLoop(src, from, stride, rows, byGathers(src, from, stride, rows, steps, dst, at, w), steps, dst, at, w);
    }

    /** {@link #rows} for steps {@code [first, steps)}, one float at a time. */
    static void byLoop(float[] src, int from, int stride, int rows, int first, int steps, float[] dst, int at, int w) {
        for (int p = first; p < steps; p++) {
            int out = at + p * w;
            for (int r = 0; r < rows; r++) {
                dst[out + r] = src[from + r * stride + p];
            }
            for (int r = rows; r < w; r++) {
                dst[out + r] = 0f;
            }
        }
    }

    /**
     * {@link #rows} by gathers, for all {@code w} rows only: the output repeats its pattern of source
     * offsets every {@code lcm(w, L)} floats, and each of its vectors is gathered by one such pattern.
     * Returns the steps done (whole periods; none when some rows are missing).
     */
    private static int byGathers(float[] src, int from, int stride, int rows, int steps, float[] dst, int at, int w) {
        if (rows != w) {
            return 0;
        }
        int period = lcm(w, L);
        int stepsPerPeriod = period / w;
        int[] offsets = ThreadScratch.gatherOffsets(period);
        for (int f = 0; f < period; f++) {
            offsets[f] = (f % w) * stride + f / w;
        }
        int done = 0;
        for (; done + stepsPerPeriod <= steps; done += stepsPerPeriod) {
            int out = at + done * w;
            for (int v = 0; v < period; v += L) {
                FloatVector.fromArray(S, src, from + done, offsets, v).intoArray(dst, out + v);
            }
        }
        return done;
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
