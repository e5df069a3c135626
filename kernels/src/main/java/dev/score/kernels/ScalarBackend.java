package dev.score.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * The specification: every {@link Backend} operation as plain single-threaded loops that read like
 * the math. Reductions accumulate in double so that this is the better-rounded side of any
 * comparison; speed is not a goal. Attention lives in {@link ScalarAttention}.
 */
public final class ScalarBackend extends HostMemoryBackend {

    @Override
    public String describe() {
        return "scalar, 1 thread";
    }

    @Override
    public void close() {
        // Nothing to release: no threads, no device memory.
    }

    // ---------------------------------------------------------------------------------------------
    // Matrix multiplication

    @Override
    public void matmul(Storage out, Storage a, Storage b, int m, int k, int n, MatmulForm form, boolean accumulate) {
        float[] o = HostStorage.of(out);
        float[] av = HostStorage.of(a);
        float[] bv;
        if (b instanceof Packed packed) {
            packed.checkFits(k, n, form);
            bv = packed.values();
        } else {
            bv = HostStorage.of(b);
        }
        // op(A)[i, p] = av[i*aRow + p*aCol]: A is stored [M,K] (aRow = K, aCol = 1) or, for AT_B, [K,M].
        int aRow = form == MatmulForm.AT_B ? 1 : k;
        int aCol = form == MatmulForm.AT_B ? m : 1;
        // op(B)[p, j] = bv[p*bRow + j*bCol]: B is stored [K,N] (bRow = N, bCol = 1) or, for A_BT, [N,K].
        int bRow = form == MatmulForm.A_BT ? 1 : n;
        int bCol = form == MatmulForm.A_BT ? k : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? o[i * n + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    acc += (double) av[i * aRow + p * aCol] * bv[p * bRow + j * bCol];
                }
                o[i * n + j] = (float) acc;
            }
        }
    }

    /** The scalar backend multiplies B as it is stored, so its packed matrix is a plain copy. */
    private record Packed(float[] values, int k, int n, MatmulForm form) implements PackedMatrix {
    }

    @Override
    public PackedMatrix pack(Storage b, int k, int n, MatmulForm form) {
        float[] values = packSource(b, k, n);
        return new Packed(Arrays.copyOf(values, k * n), k, n, form);
    }

    @Override
    public void packInto(PackedMatrix packed, Storage b) {
        if (!(packed instanceof Packed target)) {
            throw new IllegalArgumentException("the scalar backend cannot pack into " + packed.getClass().getName());
        }
        System.arraycopy(packSource(b, target.k(), target.n()), 0, target.values(), 0, target.k() * target.n());
    }

    @Override
    public void addBias(Storage out, Storage bias, int rows, int n) {
        float[] o = HostStorage.of(out);
        float[] bv = HostStorage.of(bias);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                o[r * n + j] += bv[j];
            }
        }
    }

    @Override
    public void biasBackward(Storage dbias, Storage dout, int rows, int n) {
        float[] db = HostStorage.of(dbias);
        float[] d = HostStorage.of(dout);
        for (int j = 0; j < n; j++) {
            double acc = 0.0;
            for (int r = 0; r < rows; r++) {
                acc += d[r * n + j];
            }
            db[j] += (float) acc;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Normalization and activation

    @Override
    public void layerNormForward(Storage out, Storage mean, Storage rstd, Storage x, Storage weight, Storage bias,
            int rows, int c, float eps) {
        float[] o = HostStorage.of(out);
        float[] mu = HostStorage.of(mean);
        float[] rs = HostStorage.of(rstd);
        float[] xv = HostStorage.of(x);
        float[] w = HostStorage.of(weight);
        float[] bv = HostStorage.of(bias);
        for (int r = 0; r < rows; r++) {
            int row = r * c;
            double sum = 0.0;
            for (int i = 0; i < c; i++) {
                sum += xv[row + i];
            }
            double m = sum / c;
            double squares = 0.0;
            for (int i = 0; i < c; i++) {
                double centered = xv[row + i] - m;
                squares += centered * centered;
            }
            double s = 1.0 / Math.sqrt(squares / c + eps);
            for (int i = 0; i < c; i++) {
                double normalized = (xv[row + i] - m) * s;
                o[row + i] = (float) (normalized * w[i] + bv[i]);
            }
            mu[r] = (float) m;
            rs[r] = (float) s;
        }
    }

    @Override
    public void layerNormBackward(Storage dx, Storage dweight, Storage dbias, Storage dout, Storage x, Storage weight,
            Storage mean, Storage rstd, int rows, int c) {
        float[] dxv = HostStorage.of(dx);
        float[] dw = HostStorage.of(dweight);
        float[] db = HostStorage.of(dbias);
        float[] d = HostStorage.of(dout);
        float[] xv = HostStorage.of(x);
        float[] w = HostStorage.of(weight);
        float[] mu = HostStorage.of(mean);
        float[] rs = HostStorage.of(rstd);
        // dweight and dbias sum over every row; keep those sums in double until the end.
        double[] dwSum = new double[c];
        double[] dbSum = new double[c];
        for (int r = 0; r < rows; r++) {
            int row = r * c;
            // With xhat = (x − mean)·rstd and dxhat = weight ⊙ dout:
            // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat ⊙ xhat)).
            double dxhatSum = 0.0;
            double dxhatXhatSum = 0.0;
            for (int i = 0; i < c; i++) {
                double xhat = (xv[row + i] - mu[r]) * (double) rs[r];
                double dxhat = (double) w[i] * d[row + i];
                dxhatSum += dxhat;
                dxhatXhatSum += dxhat * xhat;
            }
            double dxhatMean = dxhatSum / c;
            double dxhatXhatMean = dxhatXhatSum / c;
            for (int i = 0; i < c; i++) {
                double xhat = (xv[row + i] - mu[r]) * (double) rs[r];
                double dxhat = (double) w[i] * d[row + i];
                dbSum[i] += d[row + i];
                dwSum[i] += xhat * d[row + i];
                dxv[row + i] += (float) (rs[r] * (dxhat - dxhatMean - xhat * dxhatXhatMean));
            }
        }
        for (int i = 0; i < c; i++) {
            dw[i] += (float) dwSum[i];
            db[i] += (float) dbSum[i];
        }
    }

    /** √(2/π), the constant of GPT-2's tanh approximation of GELU. */
    static final double GELU_SCALE = Math.sqrt(2.0 / Math.PI);

    /** The cubic coefficient of GPT-2's tanh approximation of GELU. */
    static final double GELU_CUBIC = 0.044715;

    @Override
    public void geluForward(Storage out, Storage x, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int i = 0; i < n; i++) {
            double v = xv[i];
            double tanh = Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
            o[i] = (float) (0.5 * v * (1.0 + tanh));
        }
    }

    @Override
    public void biasGeluForward(Storage out, Storage pre, Storage bias, int rows, int n) {
        addBias(pre, bias, rows, n);
        geluForward(out, pre, rows * n);
    }

    @Override
    public void geluBackward(Storage dx, Storage x, Storage dout, int n) {
        float[] dxv = HostStorage.of(dx);
        float[] xv = HostStorage.of(x);
        float[] d = HostStorage.of(dout);
        for (int i = 0; i < n; i++) {
            double v = xv[i];
            double tanh = Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
            double sech2 = 1.0 - tanh * tanh;
            // d/dx of 0.5·x·(1 + tanh(u(x))), u' = √(2/π)·(1 + 3·0.044715·x²)
            double gradient = 0.5 * (1.0 + tanh) + 0.5 * v * sech2 * GELU_SCALE * (1.0 + 3.0 * GELU_CUBIC * v * v);
            dxv[i] += (float) (gradient * d[i]);
        }
    }

    @Override
    public void rmsNormForward(Storage out, Storage rstd, Storage x, Storage weight, int rows, int c, float eps) {
        float[] o = HostStorage.of(out);
        float[] rs = HostStorage.of(rstd);
        float[] xv = HostStorage.of(x);
        float[] w = HostStorage.of(weight);
        for (int r = 0; r < rows; r++) {
            int row = r * c;
            double squares = 0.0;
            for (int i = 0; i < c; i++) {
                squares += (double) xv[row + i] * xv[row + i];
            }
            double s = 1.0 / Math.sqrt(squares / c + eps);
            for (int i = 0; i < c; i++) {
                o[row + i] = (float) (xv[row + i] * s * w[i]);
            }
            rs[r] = (float) s;
        }
    }

    @Override
    public void rmsNormBackward(Storage dx, Storage dweight, Storage dout, Storage x, Storage weight, Storage rstd,
            int rows, int c) {
        float[] dxv = HostStorage.of(dx);
        float[] dw = HostStorage.of(dweight);
        float[] d = HostStorage.of(dout);
        float[] xv = HostStorage.of(x);
        float[] w = HostStorage.of(weight);
        float[] rs = HostStorage.of(rstd);
        double[] dwSum = new double[c];
        for (int r = 0; r < rows; r++) {
            int row = r * c;
            // With xhat = x·rstd and dxhat = weight ⊙ dout, since ∂rstd/∂x_j = −rstd³·x_j / c:
            // dx = rstd · (dxhat − xhat · mean(dxhat ⊙ xhat)).
            double dxhatXhatSum = 0.0;
            for (int i = 0; i < c; i++) {
                double xhat = (double) xv[row + i] * rs[r];
                double dxhat = (double) w[i] * d[row + i];
                dxhatXhatSum += dxhat * xhat;
            }
            double dxhatXhatMean = dxhatXhatSum / c;
            for (int i = 0; i < c; i++) {
                double xhat = (double) xv[row + i] * rs[r];
                double dxhat = (double) w[i] * d[row + i];
                dwSum[i] += xhat * d[row + i];
                dxv[row + i] += (float) (rs[r] * (dxhat - xhat * dxhatXhatMean));
            }
        }
        for (int i = 0; i < c; i++) {
            dw[i] += (float) dwSum[i];
        }
    }

    /** {@code 1 / (1 + e^−g)}. */
    private static double sigmoid(double g) {
        return 1.0 / (1.0 + Math.exp(-g));
    }

    @Override
    public void swigluForward(Storage out, Storage gate, Storage up, int n) {
        float[] o = HostStorage.of(out);
        float[] g = HostStorage.of(gate);
        float[] u = HostStorage.of(up);
        for (int i = 0; i < n; i++) {
            o[i] = (float) (g[i] * sigmoid(g[i]) * u[i]);
        }
    }

    @Override
    public void swigluBackward(Storage dgate, Storage dup, Storage dout, Storage gate, Storage up, int n) {
        float[] dg = HostStorage.of(dgate);
        float[] du = HostStorage.of(dup);
        float[] d = HostStorage.of(dout);
        float[] g = HostStorage.of(gate);
        float[] u = HostStorage.of(up);
        for (int i = 0; i < n; i++) {
            double sigmoid = sigmoid(g[i]);
            // silu'(g) = d/dg of g·σ(g) = σ + g·σ·(1 − σ)
            double slope = sigmoid * (1.0 + g[i] * (1.0 - sigmoid));
            dg[i] += (float) ((double) d[i] * u[i] * slope);
            du[i] += (float) ((double) d[i] * g[i] * sigmoid);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Rotary position embedding

    @Override
    public void rotaryForward(Storage out, Storage x, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotate(HostStorage.of(out), HostStorage.of(x), HostStorage.of(cos), HostStorage.of(sin), positions, rows, heads,
                headDim, 1.0, false);
    }

    @Override
    public void rotaryBackward(Storage dx, Storage dout, Storage cos, Storage sin, int[] positions, int rows, int heads,
            int headDim) {
        rotate(HostStorage.of(dx), HostStorage.of(dout), HostStorage.of(cos), HostStorage.of(sin), positions, rows,
                heads, headDim, -1.0, true);
    }

    /**
     * {@code out (+)= R(sign·θ)·x} per pair {@code (i, i + half)} of every head, {@code R} the rotation by
     * the position's angles: the forward pass rotates by {@code +θ}, its gradient by {@code −θ} (Rᵀ).
     */
    private static void rotate(float[] out, float[] x, float[] cos, float[] sin, int[] positions, int rows, int heads,
            int headDim, double sign, boolean accumulate) {
        int half = HeadShapes.rotaryHalf(heads, headDim);
        int tablePositions = cos.length / half;
        int width = heads * headDim;
        for (int r = 0; r < rows; r++) {
            // cos and sin are (P, half); x and out are (rows, heads·headDim).
            int table = Objects.checkIndex(positions[r], tablePositions) * half;
            for (int h = 0; h < heads; h++) {
                int at = r * width + h * headDim;
                for (int i = 0; i < half; i++) {
                    double c = cos[table + i];
                    double s = sign * sin[table + i];
                    double x1 = x[at + i];
                    double x2 = x[at + half + i];
                    double first = x1 * c - x2 * s;
                    double second = x2 * c + x1 * s;
                    out[at + i] = (float) (accumulate ? out[at + i] + first : first);
                    out[at + half + i] = (float) (accumulate ? out[at + half + i] + second : second);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Attention

    @Override
    public void attentionForward(Storage out, Storage lse, Storage qkv, int batch, int t, int heads, int kvHeads,
            int headDim) {
        ScalarAttention.forward(HostStorage.of(out), HostStorage.of(lse), HostStorage.of(qkv), batch, t, heads, kvHeads,
                headDim);
    }

    @Override
    public void attentionBackward(Storage dqkv, Storage dout, Storage qkv, Storage out, Storage lse,
            int batch, int t, int heads, int kvHeads, int headDim) {
        ScalarAttention.backward(HostStorage.of(dqkv), HostStorage.of(dout), HostStorage.of(qkv), HostStorage.of(out),
                HostStorage.of(lse), batch, t, heads, kvHeads, headDim);
    }

    @Override
    public void attentionCached(Storage out, Storage qkv, Storage kCache, Storage vCache, int[] pastLength,
            int batch, int tq, int heads, int kvHeads, int headDim, int maxT) {
        ScalarAttention.cached(HostStorage.of(out), HostStorage.of(qkv), HostStorage.of(kCache), HostStorage.of(vCache),
                pastLength, batch, tq, heads, kvHeads, headDim, maxT);
    }

    // ---------------------------------------------------------------------------------------------
    // Softmax family

    /** {@code log Σ_j exp(x[row + j])} for {@code j < n}, shifted by the maximum so that exp cannot overflow. */
    static double logSumExp(float[] x, int row, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[row + j]);
        }
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(x[row + j] - max);
        }
        return max + Math.log(sum);
    }

    @Override
    public void softmax(Storage out, Storage x, int rows, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int r = 0; r < rows; r++) {
            double lse = logSumExp(xv, r * n, n);
            for (int j = 0; j < n; j++) {
                o[r * n + j] = (float) Math.exp(xv[r * n + j] - lse);
            }
        }
    }

    @Override
    public void softmaxBackward(Storage dx, Storage p, Storage dout, int rows, int n) {
        float[] dxv = HostStorage.of(dx);
        float[] pv = HostStorage.of(p);
        float[] d = HostStorage.of(dout);
        for (int r = 0; r < rows; r++) {
            int row = r * n;
            double dot = 0.0;
            for (int j = 0; j < n; j++) {
                dot += (double) pv[row + j] * d[row + j];
            }
            for (int j = 0; j < n; j++) {
                dxv[row + j] += (float) (pv[row + j] * (d[row + j] - dot));
            }
        }
    }

    @Override
    public void logSoftmax(Storage out, Storage x, int rows, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int r = 0; r < rows; r++) {
            double lse = logSumExp(xv, r * n, n);
            for (int j = 0; j < n; j++) {
                o[r * n + j] = (float) (xv[r * n + j] - lse);
            }
        }
    }

    @Override
    public void logSoftmaxBackward(Storage dx, Storage logp, Storage dout, int rows, int n) {
        float[] dxv = HostStorage.of(dx);
        float[] lp = HostStorage.of(logp);
        float[] d = HostStorage.of(dout);
        for (int r = 0; r < rows; r++) {
            int row = r * n;
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += d[row + j];
            }
            for (int j = 0; j < n; j++) {
                dxv[row + j] += (float) (d[row + j] - Math.exp(lp[row + j]) * sum);
            }
        }
    }

    @Override
    public void crossEntropyForward(Storage losses, Storage logits, int[] targets, int rows, int v) {
        float[] l = HostStorage.of(losses);
        float[] x = HostStorage.of(logits);
        for (int r = 0; r < rows; r++) {
            if (targets[r] < 0) {
                l[r] = 0f;
                continue;
            }
            int target = Objects.checkIndex(targets[r], v);
            l[r] = (float) (logSumExp(x, r * v, v) - x[r * v + target]);
        }
    }

    @Override
    public void crossEntropyBackward(Storage dlogits, Storage logits, int[] targets, Storage dlosses, int rows, int v) {
        float[] dx = HostStorage.of(dlogits);
        float[] x = HostStorage.of(logits);
        float[] dl = HostStorage.of(dlosses);
        for (int r = 0; r < rows; r++) {
            if (targets[r] < 0) {
                continue;
            }
            int target = Objects.checkIndex(targets[r], v);
            int row = r * v;
            double lse = logSumExp(x, row, v);
            for (int j = 0; j < v; j++) {
                double p = Math.exp(x[row + j] - lse);
                double onehot = j == target ? 1.0 : 0.0;
                dx[row + j] += (float) (dl[r] * (p - onehot));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Embedding rows

    @Override
    public void gatherRows(Storage out, Storage table, int[] index, int n, int c) {
        float[] o = HostStorage.of(out);
        float[] tv = HostStorage.of(table);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                o[i * c + j] = tv[index[i] * c + j];
            }
        }
    }

    @Override
    public void scatterAddRows(Storage dtable, Storage dout, int[] index, int n, int c) {
        float[] dt = HostStorage.of(dtable);
        float[] d = HostStorage.of(dout);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                dt[index[i] * c + j] += d[i * c + j];
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Elementwise and reductions

    @Override
    public void add(Storage out, Storage a, Storage b, int n) {
        float[] o = HostStorage.of(out);
        float[] av = HostStorage.of(a);
        float[] bv = HostStorage.of(b);
        for (int i = 0; i < n; i++) {
            o[i] = av[i] + bv[i];
        }
    }

    @Override
    public void mul(Storage out, Storage a, Storage b, int n) {
        float[] o = HostStorage.of(out);
        float[] av = HostStorage.of(a);
        float[] bv = HostStorage.of(b);
        for (int i = 0; i < n; i++) {
            o[i] = av[i] * bv[i];
        }
    }

    @Override
    public void axpy(Storage y, float alpha, Storage x, int n) {
        float[] yv = HostStorage.of(y);
        float[] xv = HostStorage.of(x);
        for (int i = 0; i < n; i++) {
            yv[i] += alpha * xv[i];
        }
    }

    @Override
    public void scale(Storage x, float alpha, int n) {
        float[] xv = HostStorage.of(x);
        for (int i = 0; i < n; i++) {
            xv[i] *= alpha;
        }
    }

    @Override
    public void exp(Storage out, Storage x, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int i = 0; i < n; i++) {
            o[i] = (float) Math.exp(xv[i]);
        }
    }

    @Override
    public void rowSum(Storage out, Storage x, int rows, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int r = 0; r < rows; r++) {
            double acc = 0.0;
            for (int j = 0; j < n; j++) {
                acc += xv[r * n + j];
            }
            o[r] = (float) acc;
        }
    }

    @Override
    public double sum(Storage x, int n) {
        float[] xv = HostStorage.of(x);
        double acc = 0.0;
        for (int i = 0; i < n; i++) {
            acc += xv[i];
        }
        return acc;
    }

    @Override
    public double sumOfSquares(Storage x, int n) {
        float[] xv = HostStorage.of(x);
        double acc = 0.0;
        for (int i = 0; i < n; i++) {
            acc += (double) xv[i] * xv[i];
        }
        return acc;
    }

    // ---------------------------------------------------------------------------------------------
    // Masks and per-row factors

    @Override
    public void mask(Storage out, Storage x, boolean[] keep, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        for (int i = 0; i < n; i++) {
            o[i] = keep[i] ? xv[i] : 0f;
        }
    }

    @Override
    public void scaleRows(Storage out, Storage x, Storage factors, int rows, int n) {
        float[] o = HostStorage.of(out);
        float[] xv = HostStorage.of(x);
        float[] f = HostStorage.of(factors);
        for (int r = 0; r < rows; r++) {
            for (int j = r * n; j < (r + 1) * n; j++) {
                o[j] = xv[j] * f[r];
            }
        }
    }

    @Override
    public void k3(Storage values, Storage slopes, Storage logProbs, Storage referenceLogProbs, boolean[] counted,
            int n) {
        KlTerms.k3(HostStorage.of(values), HostStorage.of(slopes), HostStorage.of(logProbs),
                HostStorage.of(referenceLogProbs), counted, 0, n);
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing tokens

    @Override
    public void argmaxRows(int[] tokens, float[] logProbs, Storage logits, int rows, int v) {
        TokenRows.argmaxRows(tokens, logProbs, HostStorage.of(logits), v, 0, rows);
    }

    @Override
    public void drawRows(int[] tokens, float[] logProbs, Storage probabilities, double[] uniforms, int rows, int v) {
        TokenRows.drawRows(tokens, logProbs, HostStorage.of(probabilities), uniforms, v, 0, rows);
    }

    // ---------------------------------------------------------------------------------------------
    // Optimizer

    @Override
    public void adamW(Storage param, Storage grad, Storage m, Storage v, int n,
            float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        float[] p = HostStorage.of(param);
        float[] g = HostStorage.of(grad);
        float[] mv = HostStorage.of(m);
        float[] vv = HostStorage.of(v);
        // The step's scalars, computed in double and applied in float, in torch.optim.AdamW's order.
        float decay = (float) (1.0 - (double) lr * weightDecay);
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float correction2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        for (int i = 0; i < n; i++) {
            p[i] *= decay;
            mv[i] = beta1 * mv[i] + (1f - beta1) * g[i];
            vv[i] = beta2 * vv[i] + (1f - beta2) * g[i] * g[i];
            float denominator = (float) Math.sqrt(vv[i]) / correction2Sqrt + eps;
            p[i] -= stepSize * mv[i] / denominator;
        }
    }
}
