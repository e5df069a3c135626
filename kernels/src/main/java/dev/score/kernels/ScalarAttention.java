package dev.score.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * The specification of causal multi-head attention (see {@link Backend#attentionForward}): one
 * query at a time, scores kept for a single row only, sums in double. The backward pass recomputes
 * each probability from the saved log-sum-exp instead of keeping a T×T matrix.
 */
final class ScalarAttention {

    private ScalarAttention() {
    }

    /** The width of one head, {@code C / heads}; C must split evenly. */
    static int headSize(int c, int heads) {
        if (heads < 1 || c % heads != 0) {
            throw new IllegalArgumentException("C = " + c + " does not split into " + heads + " heads");
        }
        return c / heads;
    }

    /** {@code q · k} over {@code hd} elements, in double. */
    private static double dot(float[] q, int qStart, float[] k, int kStart, int hd) {
        double acc = 0.0;
        for (int d = 0; d < hd; d++) {
            acc += (double) q[qStart + d] * k[kStart + d];
        }
        return acc;
    }

    static void forward(float[] out, float[] lse, float[] qkv, int batch, int t, int c, int heads) {
        int hd = headSize(c, heads);
        double scale = 1.0 / Math.sqrt(hd);
        double[] scores = new double[t];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    // qkv is (B, T, 3C): head h of token i's query starts at (b*T + i)*3C + h*hd,
                    // its key C further and its value 2C further.
                    int q = (b * t + i) * 3 * c + h * hd;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        int k = (b * t + j) * 3 * c + c + h * hd;
                        scores[j] = scale * dot(qkv, q, qkv, k, hd);
                        max = Math.max(max, scores[j]);
                    }
                    double sum = 0.0;
                    for (int j = 0; j <= i; j++) {
                        sum += Math.exp(scores[j] - max);
                    }
                    double logSumExp = max + Math.log(sum);
                    // lse is (B, heads, T)
                    lse[(b * heads + h) * t + i] = (float) logSumExp;
                    // out is (B, T, C): head h of token i at (b*T + i)*C + h*hd
                    int o = (b * t + i) * c + h * hd;
                    for (int d = 0; d < hd; d++) {
                        double acc = 0.0;
                        for (int j = 0; j <= i; j++) {
                            int v = (b * t + j) * 3 * c + 2 * c + h * hd;
                            acc += Math.exp(scores[j] - logSumExp) * qkv[v + d];
                        }
                        out[o + d] = (float) acc;
                    }
                }
            }
        }
    }

    static void backward(float[] dqkv, float[] dout, float[] qkv, float[] out, float[] lse,
            int batch, int t, int c, int heads) {
        int hd = headSize(c, heads);
        double scale = 1.0 / Math.sqrt(hd);
        // One head's gradients, (T, hd) each, summed in double and added to dqkv at the end.
        double[] dq = new double[t * hd];
        double[] dk = new double[t * hd];
        double[] dv = new double[t * hd];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                Arrays.fill(dq, 0.0);
                Arrays.fill(dk, 0.0);
                Arrays.fill(dv, 0.0);
                for (int i = 0; i < t; i++) {
                    int q = (b * t + i) * 3 * c + h * hd;
                    int o = (b * t + i) * c + h * hd;
                    double logSumExp = lse[(b * heads + h) * t + i];
                    // D_i = Σ_j p_ij·(dout_i · v_j) = dout_i · out_i
                    double rowTerm = dot(dout, o, out, o, hd);
                    for (int j = 0; j <= i; j++) {
                        int k = (b * t + j) * 3 * c + c + h * hd;
                        int v = k + c;
                        double p = Math.exp(scale * dot(qkv, q, qkv, k, hd) - logSumExp);
                        double dp = dot(dout, o, qkv, v, hd);
                        // The softmax backward: dscore_ij = p_ij·(dp_ij − D_i)
                        double dscore = p * (dp - rowTerm);
                        for (int d = 0; d < hd; d++) {
                            dv[j * hd + d] += p * dout[o + d];
                            dq[i * hd + d] += scale * dscore * qkv[k + d];
                            dk[j * hd + d] += scale * dscore * qkv[q + d];
                        }
                    }
                }
                for (int i = 0; i < t; i++) {
                    int q = (b * t + i) * 3 * c + h * hd;
                    for (int d = 0; d < hd; d++) {
                        dqkv[q + d] += (float) dq[i * hd + d];
                        dqkv[q + c + d] += (float) dk[i * hd + d];
                        dqkv[q + 2 * c + d] += (float) dv[i * hd + d];
                    }
                }
            }
        }
    }

    static void cached(float[] out, float[] qkv, float[] kCache, float[] vCache, int[] pastLength,
            int batch, int tq, int c, int heads, int maxT) {
        int hd = headSize(c, heads);
        double scale = 1.0 / Math.sqrt(hd);
        double[] scores = new double[maxT];
        for (int b = 0; b < batch; b++) {
            int past = pastLength[b];
            Objects.checkFromIndexSize(past, tq, maxT);
            // The caches are (B, maxT, C): position s of row b starts at (b*maxT + s)*C.
            for (int i = 0; i < tq; i++) {
                int token = (b * tq + i) * 3 * c;
                int slot = (b * maxT + past + i) * c;
                for (int j = 0; j < c; j++) {
                    kCache[slot + j] = qkv[token + c + j];
                    vCache[slot + j] = qkv[token + 2 * c + j];
                }
            }
            for (int i = 0; i < tq; i++) {
                int visible = past + i + 1;
                for (int h = 0; h < heads; h++) {
                    int q = (b * tq + i) * 3 * c + h * hd;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < visible; s++) {
                        scores[s] = scale * dot(qkv, q, kCache, (b * maxT + s) * c + h * hd, hd);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0.0;
                    for (int s = 0; s < visible; s++) {
                        sum += Math.exp(scores[s] - max);
                    }
                    double logSumExp = max + Math.log(sum);
                    int o = (b * tq + i) * c + h * hd;
                    for (int d = 0; d < hd; d++) {
                        double acc = 0.0;
                        for (int s = 0; s < visible; s++) {
                            acc += Math.exp(scores[s] - logSumExp) * vCache[(b * maxT + s) * c + h * hd + d];
                        }
                        out[o + d] = (float) acc;
                    }
                }
            }
        }
    }
}
