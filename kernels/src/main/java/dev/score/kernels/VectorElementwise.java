package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector backend's operations that walk flat arrays or rows independently: elementwise
 * arithmetic, GELU, SwiGLU, biases, embedding rows, sums and AdamW. Long loops are split across
 * threads in chunks whose boundaries are multiples of {@link #GRAIN}; a vector is read and written
 * through a mask where it may end past the range, so every element sees the same arithmetic however
 * the range was split. The loops a decoding step runs ({@link #add}, {@link #addBias},
 * {@link #biasGeluForward}, {@link #swigluForward}) take only that last vector through a mask, since
 * making a mask for every vector took half of biasGeluForward's time; the others, off the decoding
 * path, make one for every vector. Vectors are passed only to helpers that C2 inlines into these
 * loops ({@link #gelu}, {@link #silu}, {@link VectorMath#tanh}, {@link VectorMath#exp}): should it
 * not, every vector would be boxed on the heap.
 */
final class VectorElementwise {

    /** Chunk boundaries of a parallel elementwise loop fall on multiples of this many elements. */
    private static final int GRAIN = 16 * L;

    /** Elements per partial sum of {@link #sum}, fixed so that the result does not depend on the thread count. */
    private static final int SUM_BLOCK = 1 << 15;

    private static final float GELU_SCALE = (float) ScalarBackend.GELU_SCALE;
    private static final float GELU_CUBIC = (float) ScalarBackend.GELU_CUBIC;

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private final ParallelLoops loops;

    VectorElementwise(ParallelLoops loops) {
        this.loops = loops;
    }

    void fill(float[] out, float value) {
        loops.forRange(out.length, 1, GRAIN, (from, to) -> Arrays.fill(out, from, to, value));
    }

    void add(float[] out, float[] a, float[] b, int n) {
        loops.forRange(n, 1, GRAIN, (from, to) -> {
            int i = from;
            for (; i + L <= to; i += L) {
                FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
            }
            if (i < to) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector.fromArray(S, a, i, m).add(FloatVector.fromArray(S, b, i, m)).intoArray(out, i, m);
            }
        });
    }

    void mul(float[] out, float[] a, float[] b, int n) {
        loops.forRange(n, 1, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector.fromArray(S, a, i, m).mul(FloatVector.fromArray(S, b, i, m)).intoArray(out, i, m);
            }
        });
    }

    void axpy(float[] y, float alpha, float[] x, int n) {
        loops.forRange(n, 1, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector.fromArray(S, x, i, m).mul(alpha).add(FloatVector.fromArray(S, y, i, m)).intoArray(y, i, m);
            }
        });
    }

    void scale(float[] x, float alpha, int n) {
        loops.forRange(n, 1, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector.fromArray(S, x, i, m).mul(alpha).intoArray(x, i, m);
            }
        });
    }

    void mask(float[] out, float[] x, boolean[] keep, int n) {
        loops.forRange(n, 1, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = keep[i] ? x[i] : 0f;
            }
        });
    }

    /** {@code out[r, j] = x[r, j] · factors[r]}: one broadcast factor per row, the same product as the scalar one. */
    void scaleRows(float[] out, float[] x, float[] factors, int rows, int n) {
        loops.forRange(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) {
                float factor = factors[r];
                int end = (r + 1) * n;
                for (int i = r * n; i < end; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, end);
                    FloatVector.fromArray(S, x, i, m).mul(factor).intoArray(out, i, m);
                }
            }
        });
    }

    void exp(float[] out, float[] x, int n) {
        loops.forRange(n, 8, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                VectorMath.exp(FloatVector.fromArray(S, x, i, m)).intoArray(out, i, m);
            }
        });
    }

    void geluForward(float[] out, float[] x, int n) {
        loops.forRange(n, 16, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                gelu(FloatVector.fromArray(S, x, i, m)).intoArray(out, i, m);
            }
        });
    }

    /** Row by row, the bias vector lined up with the row: one read and two writes per element. */
    void biasGeluForward(float[] out, float[] pre, float[] bias, int rows, int n) {
        loops.forRange(rows, 16L * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                int j = 0;
                for (; j + L <= n; j += L) {
                    FloatVector v = FloatVector.fromArray(S, pre, row + j).add(FloatVector.fromArray(S, bias, j));
                    v.intoArray(pre, row + j);
                    gelu(v).intoArray(out, row + j);
                }
                if (j < n) {
                    VectorMask<Float> m = S.indexInRange(j, n);
                    FloatVector v = FloatVector.fromArray(S, pre, row + j, m).add(FloatVector.fromArray(S, bias, j, m));
                    v.intoArray(pre, row + j, m);
                    gelu(v).intoArray(out, row + j, m);
                }
            }
        });
    }

    /** {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}; small enough for C2 to inline into each loop. */
    private static FloatVector gelu(FloatVector v) {
        FloatVector tanh = VectorMath.tanh(v.mul(v).mul(GELU_CUBIC).add(1f).mul(v).mul(GELU_SCALE));
        return tanh.add(1f).mul(v).mul(0.5f);
    }

    void geluBackward(float[] dx, float[] x, float[] dout, int n) {
        loops.forRange(n, 20, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector v = FloatVector.fromArray(S, x, i, m);
                FloatVector tanh = VectorMath.tanh(v.mul(v).mul(GELU_CUBIC).add(1f).mul(v).mul(GELU_SCALE));
                FloatVector sech2 = tanh.mul(tanh).neg().add(1f);
                // gelu'(x) = 0.5·(1 + tanh) + 0.5·x·sech²·√(2/π)·(1 + 3·0.044715·x²)
                FloatVector innerSlope = v.mul(v).mul(3f * GELU_CUBIC).add(1f).mul(GELU_SCALE);
                FloatVector gradient = tanh.add(1f).mul(0.5f).add(v.mul(0.5f).mul(sech2).mul(innerSlope));
                gradient.fma(FloatVector.fromArray(S, dout, i, m), FloatVector.fromArray(S, dx, i, m)).intoArray(dx, i, m);
            }
        });
    }

    /** {@code out = silu(gate) · up}, Llama's gated MLP activation. */
    void swigluForward(float[] out, float[] gate, float[] up, int n) {
        loops.forRange(n, 16, GRAIN, (from, to) -> {
            int i = from;
            for (; i + L <= to; i += L) {
                silu(FloatVector.fromArray(S, gate, i)).mul(FloatVector.fromArray(S, up, i)).intoArray(out, i);
            }
            if (i < to) {
                VectorMask<Float> m = S.indexInRange(i, to);
                silu(FloatVector.fromArray(S, gate, i, m)).mul(FloatVector.fromArray(S, up, i, m)).intoArray(out, i, m);
            }
        });
    }

    /** {@code g / (1 + e^−g)}, which is {@code g·σ(g)} with one division and no separate sigmoid. */
    private static FloatVector silu(FloatVector g) {
        return g.div(VectorMath.exp(g.neg()).add(1f));
    }

    void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        loops.forRange(n, 20, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector g = FloatVector.fromArray(S, gate, i, m);
                FloatVector d = FloatVector.fromArray(S, dout, i, m);
                FloatVector sigmoid = ONE.div(VectorMath.exp(g.neg()).add(1f));
                // silu'(g) = σ·(1 + g·(1 − σ))
                FloatVector slope = ONE.sub(sigmoid).mul(g).add(1f).mul(sigmoid);
                d.mul(FloatVector.fromArray(S, up, i, m)).fma(slope, FloatVector.fromArray(S, dgate, i, m))
                        .intoArray(dgate, i, m);
                d.fma(g.mul(sigmoid), FloatVector.fromArray(S, dup, i, m)).intoArray(dup, i, m);
            }
        });
    }

    void adamW(float[] p, float[] g, float[] mv, float[] vv, int n,
            float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        // The same scalars, and the same order of float operations, as ScalarBackend.adamW.
        float decay = (float) (1.0 - (double) lr * weightDecay);
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        loops.forRange(n, 12, GRAIN, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> mask = S.indexInRange(i, to);
                FloatVector grad = FloatVector.fromArray(S, g, i, mask);
                FloatVector m = FloatVector.fromArray(S, mv, i, mask).mul(beta1).add(grad.mul(oneMinusBeta1));
                FloatVector v = FloatVector.fromArray(S, vv, i, mask).mul(beta2).add(grad.mul(oneMinusBeta2).mul(grad));
                FloatVector denominator = v.lanewise(VectorOperators.SQRT).div(correction2Sqrt).add(eps);
                FloatVector param = FloatVector.fromArray(S, p, i, mask).mul(decay);
                param.sub(m.mul(stepSize).div(denominator)).intoArray(p, i, mask);
                m.intoArray(mv, i, mask);
                v.intoArray(vv, i, mask);
            }
        });
    }

    void addBias(float[] out, float[] bias, int rows, int n) {
        loops.forRange(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * n;
                int j = 0;
                for (; j + L <= n; j += L) {
                    FloatVector.fromArray(S, out, row + j).add(FloatVector.fromArray(S, bias, j))
                            .intoArray(out, row + j);
                }
                if (j < n) {
                    VectorMask<Float> m = S.indexInRange(j, n);
                    FloatVector.fromArray(S, out, row + j, m).add(FloatVector.fromArray(S, bias, j, m))
                            .intoArray(out, row + j, m);
                }
            }
        });
    }

    /**
     * {@code dbias[j] += Σ_r dout[r, j]}: split by columns across threads so that no two threads add
     * into one element. Each thread sums four vectors of its columns at a time in registers, down all
     * the rows. (Partial sums kept in a scratch row instead were stored and loaded again on the next
     * row: a masked store cannot forward to that load, and the stall made this 4 % of a training step.)
     */
    void biasBackward(float[] dbias, float[] dout, int rows, int n) {
        loops.forRange(n, rows, L, (from, to) -> {
            int j = from;
            for (; j + 4 * L <= to; j += 4 * L) {
                sumFourVectors(dbias, dout, rows, n, j);
            }
            for (; j < to; j += L) {
                sumVector(dbias, dout, rows, n, j, to);
            }
        });
    }

    /**
     * {@code dbias[j, j + 4L) += Σ_r dout[r, j, j + 4L)}, by whole vectors. (With masks for a short last
     * group, the masked loads past the end of {@code dout} took their slow path on the last row, and C2,
     * merging the two paths, boxed the four sums at every row: gigabytes of garbage a minute in
     * pretraining.)
     */
    private static void sumFourVectors(float[] dbias, float[] dout, int rows, int n, int j) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int at = r * n + j;
            s0 = s0.add(FloatVector.fromArray(S, dout, at));
            s1 = s1.add(FloatVector.fromArray(S, dout, at + L));
            s2 = s2.add(FloatVector.fromArray(S, dout, at + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, dout, at + 3 * L));
        }
        s0.add(FloatVector.fromArray(S, dbias, j)).intoArray(dbias, j);
        s1.add(FloatVector.fromArray(S, dbias, j + L)).intoArray(dbias, j + L);
        s2.add(FloatVector.fromArray(S, dbias, j + 2 * L)).intoArray(dbias, j + 2 * L);
        s3.add(FloatVector.fromArray(S, dbias, j + 3 * L)).intoArray(dbias, j + 3 * L);
    }

    /** {@code dbias[j, min(j + L, to)) += Σ_r dout[r, same columns]}. */
    private static void sumVector(float[] dbias, float[] dout, int rows, int n, int j, int to) {
        VectorMask<Float> m = S.indexInRange(j, to);
        FloatVector sum = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            sum = sum.add(FloatVector.fromArray(S, dout, r * n + j, m));
        }
        sum.add(FloatVector.fromArray(S, dbias, j, m)).intoArray(dbias, j, m);
    }

    void gatherRows(float[] out, float[] table, int[] index, int n, int c) {
        loops.forRange(n, c, (from, to) -> {
            for (int i = from; i < to; i++) {
                System.arraycopy(table, index[i] * c, out, i * c, c);
            }
        });
    }

    /** Split by columns across threads, since two rows of {@code dout} may add into the same table row. */
    void scatterAddRows(float[] dtable, float[] dout, int[] index, int n, int c) {
        loops.forRange(c, n, L, (from, to) -> {
            for (int i = 0; i < n; i++) {
                int src = i * c;
                int dst = index[i] * c;
                for (int j = from; j < to; j += L) {
                    VectorMask<Float> m = S.indexInRange(j, to);
                    FloatVector.fromArray(S, dout, src + j, m).add(FloatVector.fromArray(S, dtable, dst + j, m))
                            .intoArray(dtable, dst + j, m);
                }
            }
        });
    }

    void rowSum(float[] out, float[] x, int rows, int n) {
        loops.forRange(rows, n, (from, to) -> {
            for (int r = from; r < to; r++) {
                out[r] = VectorMath.sum(x, r * n, n);
            }
        });
    }

    double sum(float[] x, int n) {
        return sumOfBlocks(n, (from, to) -> VectorMath.sumInDouble(x, from, to));
    }

    double sumOfSquares(float[] x, int n) {
        return sumOfBlocks(n, (from, to) -> VectorMath.sumOfSquaresInDouble(x, from, to));
    }

    @FunctionalInterface
    private interface BlockSum {
        double over(int from, int to);
    }

    /** Partial sums over fixed blocks of {@link #SUM_BLOCK} elements, computed in parallel and added in order. */
    private double sumOfBlocks(int n, BlockSum blockSum) {
        int blocks = (n + SUM_BLOCK - 1) / SUM_BLOCK;
        double[] partial = new double[blocks];
        loops.forRange(blocks, SUM_BLOCK, (from, to) -> {
            for (int block = from; block < to; block++) {
                partial[block] = blockSum.over(block * SUM_BLOCK, Math.min(n, (block + 1) * SUM_BLOCK));
            }
        });
        double total = 0.0;
        for (double value : partial) {
            total += value;
        }
        return total;
    }
}
