package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Softmax, log-softmax and cross-entropy on SIMD lanes, each row of {@code [rows, n]} independently
 * and rows split across threads. Every row is shifted by its maximum before exponentiating.
 */
final class VectorSoftmax {

    /** Rough cost of one element: an exponential and a few passes over the row. */
    private static final long WORK_PER_ELEMENT = 12;

    private final ParallelLoops loops;

    VectorSoftmax(ParallelLoops loops) {
        this.loops = loops;
    }

    void softmax(float[] out, float[] x, int rows, int n) {
        loops.forRange(rows, WORK_PER_ELEMENT * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float max = VectorMath.max(x, row, n);
                float inverse = 1f / VectorMath.exponentiate(out, row, x, row, n, max);
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector.fromArray(S, out, row + j, mask).mul(inverse).intoArray(out, row + j, mask);
                }
            }
        });
    }

    void softmaxBackward(float[] dx, float[] p, float[] dout, int rows, int n) {
        loops.forRange(rows, 4L * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float dot = VectorMath.dot(p, row, dout, row, n);
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector pj = FloatVector.fromArray(S, p, row + j, mask);
                    FloatVector d = FloatVector.fromArray(S, dout, row + j, mask).sub(dot);
                    pj.fma(d, FloatVector.fromArray(S, dx, row + j, mask)).intoArray(dx, row + j, mask);
                }
            }
        });
    }

    void logSoftmax(float[] out, float[] x, int rows, int n) {
        loops.forRange(rows, WORK_PER_ELEMENT * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float lse = VectorMath.logSumExp(x, row, n);
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector.fromArray(S, x, row + j, mask).sub(lse).intoArray(out, row + j, mask);
                }
            }
        });
    }

    void logSoftmaxBackward(float[] dx, float[] logp, float[] dout, int rows, int n) {
        loops.forRange(rows, WORK_PER_ELEMENT * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                float sum = VectorMath.sum(dout, row, n);
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector p = VectorMath.exp(FloatVector.fromArray(S, logp, row + j, mask));
                    FloatVector d = FloatVector.fromArray(S, dout, row + j, mask);
                    d.sub(p.mul(sum)).add(FloatVector.fromArray(S, dx, row + j, mask)).intoArray(dx, row + j, mask);
                }
            }
        });
    }

    void crossEntropyForward(float[] losses, float[] logits, int[] targets, int rows, int v) {
        loops.forRange(rows, WORK_PER_ELEMENT * v, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (targets[r] < 0) {
                    losses[r] = 0f;
                    continue;
                }
                int target = Objects.checkIndex(targets[r], v);
                losses[r] = VectorMath.logSumExp(logits, r * v, v) - logits[r * v + target];
            }
        });
    }

    void crossEntropyBackward(float[] dlogits, float[] logits, int[] targets, float[] dlosses, int rows, int v) {
        loops.forRange(rows, WORK_PER_ELEMENT * v, (from, to) -> {
            for (int r = from; r < to; r++) {
                if (targets[r] < 0) {
                    continue;
                }
                int target = Objects.checkIndex(targets[r], v);
                int row = r * v;
                float lse = VectorMath.logSumExp(logits, row, v);
                float scale = dlosses[r];
                // dlogits += dloss · softmax(logits), then the one-hot term at the target
                for (int j = 0; j < v; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, v);
                    FloatVector p = VectorMath.exp(FloatVector.fromArray(S, logits, row + j, mask).sub(lse));
                    p.mul(scale).add(FloatVector.fromArray(S, dlogits, row + j, mask)).intoArray(dlogits, row + j, mask);
                }
                dlogits[row + target] -= scale;
            }
        });
    }
}
