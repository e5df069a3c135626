package dev.score.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * The specification of causal attention with grouped query heads (see {@link Backend#attentionForward}):
 * one query at a time, scores kept for a single row only, sums in double. The backward pass recomputes
 * each probability from the saved log-sum-exp instead of keeping a T×T matrix.
 */
final class ScalarAttention {

    private ScalarAttention() {
    }

    /** {@code q · k} over {@code hd} elements, in double. */
    private static double dot(float[] q, int qStart, float[] k, int kStart, int hd) {
        double acc = 0.0;
        for (int d = 0; d < hd; d++) {
            acc += (double) q[qStart + d] * k[kStart + d];
        }
        return acc;
    }

    static void forward(float[] out, float[] lse, float[] qkv, int batch, int t, int heads, int kvHeads, int hd) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        // qkv is (B, T, W), W = (heads + 2·kvHeads)·hd: a token's query heads, then its key heads, then
        // its value heads; out is (B, T, heads·hd).
        int width = (heads + 2 * kvHeads) * hd;
        int keysAt = heads * hd;
        int valuesAt = (heads + kvHeads) * hd;
        double scale = 1.0 / Math.sqrt(hd);
        double[] scores = new double[t];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int kv = h / group;
                for (int i = 0; i < t; i++) {
                    // Query head h of token i starts at (b*T + i)*W + h*hd.
                    int q = (b * t + i) * width + h * hd;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        int k = (b * t + j) * width + keysAt + kv * hd;
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
                    int o = (b * t + i) * heads * hd + h * hd;
                    for (int d = 0; d < hd; d++) {
                        double acc = 0.0;
                        for (int j = 0; j <= i; j++) {
                            int v = (b * t + j) * width + valuesAt + kv * hd;
                            acc += Math.exp(scores[j] - logSumExp) * qkv[v + d];
                        }
                        out[o + d] = (float) acc;
                    }
                }
            }
        }
    }

    static void backward(float[] dqkv, float[] dout, float[] qkv, float[] out, float[] lse,
            int batch, int t, int heads, int kvHeads, int hd) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        int width = (heads + 2 * kvHeads) * hd;
        int keysAt = heads * hd;
        int valuesAt = (heads + kvHeads) * hd;
        double scale = 1.0 / Math.sqrt(hd);
        // (T, hd) each, summed in double: dq for one query head, dk and dv over the query heads of a
        // group, added to dqkv once the head (dq) or the group (dk, dv) is done.
        double[] dq = new double[t * hd];
        double[] dk = new double[t * hd];
        double[] dv = new double[t * hd];
        for (int b = 0; b < batch; b++) {
            for (int kv = 0; kv < kvHeads; kv++) {
                Arrays.fill(dk, 0.0);
                Arrays.fill(dv, 0.0);
                for (int h = kv * group; h < (kv + 1) * group; h++) {
                    Arrays.fill(dq, 0.0);
                    for (int i = 0; i < t; i++) {
                        int q = (b * t + i) * width + h * hd;
                        int o = (b * t + i) * heads * hd + h * hd;
                        double logSumExp = lse[(b * heads + h) * t + i];
                        // D_i = Σ_j p_ij·(dout_i · v_j) = dout_i · out_i
                        double rowTerm = dot(dout, o, out, o, hd);
                        for (int j = 0; j <= i; j++) {
                            int k = (b * t + j) * width + keysAt + kv * hd;
                            int v = (b * t + j) * width + valuesAt + kv * hd;
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
                        int q = (b * t + i) * width + h * hd;
                        for (int d = 0; d < hd; d++) {
                            dqkv[q + d] += (float) dq[i * hd + d];
                        }
                    }
                }
                for (int i = 0; i < t; i++) {
                    int k = (b * t + i) * width + keysAt + kv * hd;
                    int v = (b * t + i) * width + valuesAt + kv * hd;
                    for (int d = 0; d < hd; d++) {
                        dqkv[k + d] += (float) dk[i * hd + d];
                        dqkv[v + d] += (float) dv[i * hd + d];
                    }
                }
            }
        }
    }

    static void cached(float[] out, float[] qkv, float[] kCache, float[] vCache, int[] pastLength,
            int batch, int tq, int heads, int kvHeads, int hd, int maxT) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        int width = (heads + 2 * kvHeads) * hd;
        int kvWidth = kvHeads * hd;
        int keysAt = heads * hd;
        double scale = 1.0 / Math.sqrt(hd);
        double[] scores = new double[maxT];
        for (int b = 0; b < batch; b++) {
            int past = pastLength[b];
            Objects.checkFromIndexSize(past, tq, maxT);
            // The caches are (B, maxT, kvHeads·hd): position s of row b starts at (b*maxT + s)*kvHeads*hd.
            for (int i = 0; i < tq; i++) {
                int token = (b * tq + i) * width;
                int slot = (b * maxT + past + i) * kvWidth;
                for (int j = 0; j < kvWidth; j++) {
                    kCache[slot + j] = qkv[token + keysAt + j];
                    vCache[slot + j] = qkv[token + keysAt + kvWidth + j];
                }
            }
            for (int i = 0; i < tq; i++) {
                int visible = past + i + 1;
                for (int h = 0; h < heads; h++) {
                    int kv = h / group;
                    int q = (b * tq + i) * width + h * hd;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < visible; s++) {
                        scores[s] = scale * dot(qkv, q, kCache, (b * maxT + s) * kvWidth + kv * hd, hd);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0.0;
                    for (int s = 0; s < visible; s++) {
                        sum += Math.exp(scores[s] - max);
                    }
                    double logSumExp = max + Math.log(sum);
                    int o = (b * tq + i) * heads * hd + h * hd;
                    for (int d = 0; d < hd; d++) {
                        double acc = 0.0;
                        for (int s = 0; s < visible; s++) {
                            acc += Math.exp(scores[s] - logSumExp) * vCache[(b * maxT + s) * kvWidth + kv * hd + d];
                        }
                        out[o + d] = (float) acc;
                    }
                }
            }
        }
    }
}
