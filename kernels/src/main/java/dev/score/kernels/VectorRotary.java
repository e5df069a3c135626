package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Rotary position embedding on SIMD lanes (see {@link Backend#rotaryForward}): rows split across
 * threads, and in each head the first halves {@code x[i]} and the second halves {@code x[i + half]}
 * of the pairs a vector at a time, beside the same lanes of the position's cos and sin rows.
 */
final class VectorRotary {

    private final ParallelLoops loops;

    VectorRotary(ParallelLoops loops) {
        this.loops = loops;
    }

    /**
     * {@code out[i] = x[i]·c − x[i+half]·s}, {@code out[i+half] = x[i+half]·c + x[i]·s}: a product per
     * term and then the sum, as Hugging Face's {@code q·cos + rotate_half(q)·sin} rounds in float32.
     */
    void forward(float[] out, float[] x, float[] cos, float[] sin, int[] positions, int rows, int heads,
            int headDim) {
        rotate(out, x, cos, sin, positions, rows, heads, headDim, false);
    }

    /**
     * The inverse rotation, added: {@code dx[i] += d[i]·c + d[i+half]·s} and
     * {@code dx[i+half] += d[i+half]·c − d[i]·s}.
     */
    void backward(float[] dx, float[] dout, float[] cos, float[] sin, int[] positions, int rows, int heads,
            int headDim) {
        rotate(dx, dout, cos, sin, positions, rows, heads, headDim, true);
    }

    /**
     * {@code out = R(θ)·x}, or with {@code inverse} {@code out += R(−θ)·x}, per pair {@code (i, i + half)} of
     * every head, as {@link ScalarBackend}'s rotation. Negating s is exact, so the inverse's
     * {@code a − x·(−s)} rounds as {@code a + x·s} does.
     */
    private void rotate(float[] out, float[] x, float[] cos, float[] sin, int[] positions, int rows, int heads,
            int headDim, boolean inverse) {
        int half = HeadShapes.rotaryHalf(heads, headDim);
        int tablePositions = cos.length / half;
        int width = heads * headDim;
        loops.forRange(rows, (inverse ? 6L : 4L) * width, (from, to) -> {
            for (int r = from; r < to; r++) {
                // cos and sin are (P, half); x and out are (rows, heads·headDim).
                int table = Objects.checkIndex(positions[r], tablePositions) * half;
                for (int h = 0; h < heads; h++) {
                    int at = r * width + h * headDim;
                    for (int i = 0; i < half; i += L) {
                        VectorMask<Float> m = S.indexInRange(i, half);
                        FloatVector c = FloatVector.fromArray(S, cos, table + i, m);
                        FloatVector s = FloatVector.fromArray(S, sin, table + i, m);
                        if (inverse) {
                            s = s.neg();
                        }
                        FloatVector x1 = FloatVector.fromArray(S, x, at + i, m);
                        FloatVector x2 = FloatVector.fromArray(S, x, at + half + i, m);
                        FloatVector y1 = x1.mul(c).sub(x2.mul(s));
                        FloatVector y2 = x2.mul(c).add(x1.mul(s));
                        if (inverse) {
                            y1 = y1.add(FloatVector.fromArray(S, out, at + i, m));
                            y2 = y2.add(FloatVector.fromArray(S, out, at + half + i, m));
                        }
                        y1.intoArray(out, at + i, m);
                        y2.intoArray(out, at + half + i, m);
                    }
                }
            }
        });
    }
}
