package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * LayerNorm and RMSNorm on SIMD lanes (see {@link Backend#layerNormForward},
 * {@link Backend#rmsNormForward}): rows are independent and split across threads; the weight and bias
 * gradients, which sum over rows, are a second pass split by columns, so that no two threads ever add
 * into the same element.
 */
final class VectorLayerNorm {

    private final ParallelLoops loops;

    VectorLayerNorm(ParallelLoops loops) {
        this.loops = loops;
    }

    void forward(float[] out, float[] mean, float[] rstd, float[] x, float[] weight, float[] bias,
            int rows, int c, float eps) {
        loops.forRange(rows, 8L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * c;
                float m = VectorMath.sum(x, row, c) / c;
                FloatVector squares = FloatVector.zero(S);
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector centered = FloatVector.fromArray(S, x, row + i, mask).sub(m);
                    squares = squares.add(centered.mul(centered), mask);
                }
                float s = (float) (1.0 / Math.sqrt(VectorMath.sum(squares) / c + eps));
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector normalized = FloatVector.fromArray(S, x, row + i, mask).sub(m).mul(s);
                    normalized.fma(FloatVector.fromArray(S, weight, i, mask), FloatVector.fromArray(S, bias, i, mask))
                            .intoArray(out, row + i, mask);
                }
                mean[r] = m;
                rstd[r] = s;
            }
        });
    }

    void backward(float[] dx, float[] dweight, float[] dbias, float[] dout, float[] x, float[] weight,
            float[] mean, float[] rstd, int rows, int c) {
        // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat)), xhat = (x − mean)·rstd, dxhat = weight ⊙ dout
        loops.forRange(rows, 10L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * c;
                float m = mean[r];
                float s = rstd[r];
                FloatVector dxhatSum = FloatVector.zero(S);
                FloatVector dxhatXhatSum = FloatVector.zero(S);
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector xhat = FloatVector.fromArray(S, x, row + i, mask).sub(m).mul(s);
                    FloatVector dxhat = FloatVector.fromArray(S, weight, i, mask).mul(FloatVector.fromArray(S, dout, row + i, mask));
                    dxhatSum = dxhatSum.add(dxhat);
                    dxhatXhatSum = dxhat.fma(xhat, dxhatXhatSum);
                }
                float dxhatMean = VectorMath.sum(dxhatSum) / c;
                float dxhatXhatMean = VectorMath.sum(dxhatXhatSum) / c;
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector xhat = FloatVector.fromArray(S, x, row + i, mask).sub(m).mul(s);
                    FloatVector dxhat = FloatVector.fromArray(S, weight, i, mask).mul(FloatVector.fromArray(S, dout, row + i, mask));
                    FloatVector gradient = dxhat.sub(dxhatMean).sub(xhat.mul(dxhatXhatMean)).mul(s);
                    gradient.add(FloatVector.fromArray(S, dx, row + i, mask)).intoArray(dx, row + i, mask);
                }
            }
        });
        loops.forRange(c, 4L * rows, L, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> mask = S.indexInRange(i, to);
                FloatVector dw = FloatVector.zero(S);
                FloatVector db = FloatVector.zero(S);
                for (int r = 0; r < rows; r++) {
                    FloatVector d = FloatVector.fromArray(S, dout, r * c + i, mask);
                    FloatVector xhat = FloatVector.fromArray(S, x, r * c + i, mask).sub(mean[r]).mul(rstd[r]);
                    dw = xhat.fma(d, dw);
                    db = db.add(d);
                }
                dw.add(FloatVector.fromArray(S, dweight, i, mask)).intoArray(dweight, i, mask);
                db.add(FloatVector.fromArray(S, dbias, i, mask)).intoArray(dbias, i, mask);
            }
        });
    }

    /** Llama's RMSNorm: {@code out = (x · rstd) · weight}, the products in Hugging Face's float32 order. */
    void rmsForward(float[] out, float[] rstd, float[] x, float[] weight, int rows, int c, float eps) {
        loops.forRange(rows, 4L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * c;
                // Lanes past c load 0 and add nothing to the squares.
                FloatVector squares = FloatVector.zero(S);
                for (int i = 0; i < c; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, row + i, S.indexInRange(i, c));
                    squares = v.fma(v, squares);
                }
                float s = (float) (1.0 / Math.sqrt(VectorMath.sum(squares) / c + eps));
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector.fromArray(S, x, row + i, mask).mul(s).mul(FloatVector.fromArray(S, weight, i, mask))
                            .intoArray(out, row + i, mask);
                }
                rstd[r] = s;
            }
        });
    }

    void rmsBackward(float[] dx, float[] dweight, float[] dout, float[] x, float[] weight, float[] rstd, int rows,
            int c) {
        // dx = rstd · (dxhat − xhat · mean(dxhat ⊙ xhat)), xhat = x·rstd, dxhat = weight ⊙ dout
        loops.forRange(rows, 8L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                int row = r * c;
                float s = rstd[r];
                FloatVector dxhatXhatSum = FloatVector.zero(S);
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector xhat = FloatVector.fromArray(S, x, row + i, mask).mul(s);
                    FloatVector dxhat = FloatVector.fromArray(S, weight, i, mask).mul(FloatVector.fromArray(S, dout, row + i, mask));
                    dxhatXhatSum = dxhat.fma(xhat, dxhatXhatSum);
                }
                float dxhatXhatMean = VectorMath.sum(dxhatXhatSum) / c;
                for (int i = 0; i < c; i += L) {
                    VectorMask<Float> mask = S.indexInRange(i, c);
                    FloatVector xhat = FloatVector.fromArray(S, x, row + i, mask).mul(s);
                    FloatVector dxhat = FloatVector.fromArray(S, weight, i, mask).mul(FloatVector.fromArray(S, dout, row + i, mask));
                    FloatVector gradient = dxhat.sub(xhat.mul(dxhatXhatMean)).mul(s);
                    gradient.add(FloatVector.fromArray(S, dx, row + i, mask)).intoArray(dx, row + i, mask);
                }
            }
        });
        loops.forRange(c, 3L * rows, L, (from, to) -> {
            for (int i = from; i < to; i += L) {
                VectorMask<Float> mask = S.indexInRange(i, to);
                FloatVector dw = FloatVector.zero(S);
                for (int r = 0; r < rows; r++) {
                    FloatVector xhat = FloatVector.fromArray(S, x, r * c + i, mask).mul(rstd[r]);
                    dw = xhat.fma(FloatVector.fromArray(S, dout, r * c + i, mask), dw);
                }
                dw.add(FloatVector.fromArray(S, dweight, i, mask)).intoArray(dweight, i, mask);
            }
        });
    }
}
