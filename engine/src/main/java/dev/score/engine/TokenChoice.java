package dev.score.engine;

import java.util.Arrays;

/** Picks the next token from one row of logits: argmax, or a draw after temperature, top-k and top-p. */
final class TokenChoice {
    private TokenChoice() {
    }

    static int choose(float[] logits, Sampler.Settings settings, Rng rng) {
        if (settings.isGreedy()) {
            return argmax(logits);
        }
        if (settings.topK() == 0 && settings.topP() >= 1) {
            return drawUnfiltered(logits, settings.temperature(), rng);
        }
        int vocab = logits.length;
        int[] order = byDescendingLogit(logits);
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), vocab) : vocab;

        // Softmax at the temperature over the kept candidates, in descending order.
        double max = logits[order[0]];
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp((logits[order[i]] - max) / settings.temperature());
            total += weights[i];
        }
        if (settings.topP() < 1) {
            // Nucleus: the shortest prefix whose probability reaches top-p (always at least one token).
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < keep) {
                cumulative += weights[nucleus++] / total;
                if (cumulative >= settings.topP()) {
                    break;
                }
            }
            keep = nucleus;
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += weights[i];
            }
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= weights[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[keep - 1]; // u landed on the rounding error at the very end
    }

    /** A drawn token and the model's log-probability of it at temperature 1. */
    record Choice(int token, float logProbability) {
    }

    /** {@link #choose} and {@link #logProbability} together. */
    static Choice draw(float[] logits, Sampler.Settings settings, Rng rng) {
        int token = choose(logits, settings, rng);
        return new Choice(token, logProbability(logits, token));
    }

    /**
     * A draw at temperature 1 with no filter, as {@link #choose} makes it, from a row of the model's
     * softmax {@code probabilities[at .. at+vocab)}, with the log-probability of the token drawn. The
     * backend computes the softmax for the whole batch, on SIMD lanes and its threads; when each draw
     * exponentiated its row of logits here, one scalar exponential at a time, the draws took a
     * twentieth of batched sampling while the backend's threads waited.
     */
    static Choice drawFromSoftmax(float[] probabilities, int at, int vocab, Rng rng) {
        double total = 0;
        for (int i = at; i < at + vocab; i++) {
            total += probabilities[i];
        }
        double u = rng.nextDouble() * total;
        int token = 0;
        for (int i = 0; i < vocab; i++) {
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
        return new Choice(token, (float) (Math.log(probabilities[at + token]) - Math.log(total)));
    }

    /**
     * A draw from the softmax at {@code temperature} over the whole vocabulary, walking the ids in
     * order: with no filter to apply, nothing needs the candidates sorted (a sort per row per step
     * was a tenth of batched sampling).
     */
    private static int drawUnfiltered(float[] logits, double temperature, Rng rng) {
        double[] weights = new double[logits.length];
        double total = unfilteredWeights(logits, max(logits), temperature, weights);
        return pick(weights, total, rng);
    }

    /** {@code weights[i] = exp((logits[i] − max) / temperature)}; returns their sum, added in id order. */
    private static double unfilteredWeights(float[] logits, double max, double temperature, double[] weights) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        return total;
    }

    /** The id where a uniform draw over {@code [0, total)} lands, walking the weights in id order. */
    private static int pick(double[] weights, double total, Rng rng) {
        double u = rng.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last; // u landed on the rounding error at the very end
    }

    private static double max(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** The model's log-probability of {@code token} at temperature 1: {@code logit − logsumexp}. */
    static float logProbability(float[] logits, int token) {
        double max = max(logits);
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return (float) (logits[token] - max - Math.log(sum));
    }

    /** The first index of the largest logit (as {@code torch.argmax}). */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Token ids ordered by logit, largest first; ties keep the smaller id first. */
    private static int[] byDescendingLogit(float[] logits) {
        // Sort (negated logit, id) pairs packed into longs: no boxing over a 50k vocabulary.
        long[] keyed = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int bits = Float.floatToIntBits(-logits[i]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // float order as signed int order
            keyed[i] = ((long) sortable << 32) | i;
        }
        Arrays.sort(keyed);
        int[] order = new int[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keyed[i];
        }
        return order;
    }
}
