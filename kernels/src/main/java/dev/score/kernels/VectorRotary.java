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
        int half = ScalarBackend.rotaryHalf(heads, headDim);
        int tablePositions = cos.length / half;
        int width = heads * headDim;
        loops.forRange(rows, 4L * width, (from, to) -> {
            for (int r = from; r < to; r++) {
                // cos and sin are (P, half); x and out are (rows, heads·headDim).
                int table = Objects.checkIndex(positions[r], tablePositions) * half;
                for (int h = 0; h < heads; h++) {
                    int at = r * width + h * headDim;
                    for (int i = 0; i < half; i += L) {
                        VectorMask<Float> m = S.indexInRange(i, half);
                        FloatVector c = FloatVector.fromArray(S, cos, table + i, m);
                        FloatVector s = FloatVector.fromArray(S, sin, table + i, m);
                        FloatVector x1 = FloatVector.fromArray(S, x, at + i, m);
                        FloatVector x2 = FloatVector.fromArray(S, x, at + half + i, m);
                        x1.mul(c).sub(x2.mul(s)).intoArray(out, at + i, m);
                        x2.mul(c).add(x1.mul(s)).intoArray(out, at + half + i, m);
                    }
                }
            }
        });
    }

    /**
     * The inverse rotation, added: {@code dx[i] += d[i]·c + d[i+half]·s} and
     * {@code dx[i+half] += d[i+half]·c − d[i]·s}.
     */
    void backward(float[] dx, float[] dout, float[] cos, float[] sin, int[] positions, int rows, int heads,
            int headDim) {
        int half = ScalarBackend.rotaryHalf(heads, headDim);
        int tablePositions = cos.length / half;
        int width = heads * headDim;
        loops.forRange(rows, 6L * width, (from, to) -> {
            for (int r = from; r < to; r++) {
                int table = Objects.checkIndex(positions[r], tablePositions) * half;
                for (int h = 0; h < heads; h++) {
                    int at = r * width + h * headDim;
                    for (int i = 0; i < half; i += L) {
                        VectorMask<Float> m = S.indexInRange(i, half);
                        FloatVector c = FloatVector.fromArray(S, cos, table + i, m);
                        FloatVector s = FloatVector.fromArray(S, sin, table + i, m);
                        FloatVector d1 = FloatVector.fromArray(S, dout, at + i, m);
                        FloatVector d2 = FloatVector.fromArray(S, dout, at + half + i, m);
                        d1.mul(c).add(d2.mul(s)).add(FloatVector.fromArray(S, dx, at + i, m)).intoArray(dx, at + i, m);
                        d2.mul(c).sub(d1.mul(s)).add(FloatVector.fromArray(S, dx, at + half + i, m))
                                .intoArray(dx, at + half + i, m);
                    }
                }
            }
        });
    }
}
