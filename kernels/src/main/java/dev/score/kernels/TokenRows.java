package dev.score.kernels;

/**
 * One row's token choices, {@code row[at .. at+v)}: the arithmetic of {@link Backend#argmaxRows} and
 * {@link Backend#drawRows}, in one place for both CPU backends (which run it a row per thread) and for a
 * sampler that filters candidates on the host. Every sum here is in double precision and in index order,
 * so a row gives the same token and the same bits wherever it is chosen.
 */
public final class TokenRows {
    private TokenRows() {
    }

    /** The first index of the row's largest value (as {@code torch.argmax}). */
    public static int argmax(float[] row, int at, int v) {
        int best = 0;
        for (int i = 1; i < v; i++) {
            if (row[at + i] > row[at + best]) {
                best = i;
            }
        }
        return best;
    }

    /** The log-probability of {@code token} under the row's softmax at temperature 1: {@code logit − logsumexp}. */
    public static float logProbability(float[] logits, int at, int v, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = at; i < at + v; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = at; i < at + v; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return (float) (logits[at + token] - max - Math.log(sum));
    }

    /**
     * A draw from a row of a softmax, {@code uniform} in {@code [0, 1)} scaling the row's float sum: the first
     * token with a positive probability at which the running remainder falls below 0.
     */
    public static int drawFromSoftmax(float[] probabilities, int at, int v, double uniform) {
        double u = uniform * rowSum(probabilities, at, v);
        int token = 0;
        for (int i = 0; i < v; i++) {
            float p = probabilities[at + i];
            if (p > 0) {
                token = i;
                u -= p;
                if (u < 0) {
                    break;
                }
            }
        }
        // Past the last token with a positive probability, u landed on the rounding error at the very end.
        return token;
    }

    /** The log-probability of {@code token} in a row of a softmax, renormalised by the row's float sum. */
    public static float softmaxLogProbability(float[] probabilities, int at, int v, int token) {
        return (float) (Math.log(probabilities[at + token]) - Math.log(rowSum(probabilities, at, v)));
    }

    private static double rowSum(float[] values, int at, int v) {
        double total = 0;
        for (int i = at; i < at + v; i++) {
            total += values[i];
        }
        return total;
    }

    /** {@link Backend#argmaxRows} over rows {@code [from, to)}. */
    static void argmaxRows(int[] tokens, float[] logProbs, float[] logits, int v, int from, int to) {
        for (int r = from; r < to; r++) {
            tokens[r] = argmax(logits, r * v, v);
            logProbs[r] = logProbability(logits, r * v, v, tokens[r]);
        }
    }

    /** {@link Backend#drawRows} over rows {@code [from, to)}. */
    static void drawRows(int[] tokens, float[] logProbs, float[] probabilities, double[] uniforms, int v, int from,
            int to) {
        for (int r = from; r < to; r++) {
            if (Double.isNaN(uniforms[r])) {
                continue;
            }
            tokens[r] = drawFromSoftmax(probabilities, r * v, v, uniforms[r]);
            logProbs[r] = softmaxLogProbability(probabilities, r * v, v, tokens[r]);
        }
    }
}
