package dev.score.engine;

/**
 * Picks the next token from one row of logits on the host, {@code logits[at .. at+vocab)}: a draw after
 * temperature, top-k and top-p (greedy choices and plain draws from the softmax are the backend's,
 * {@link dev.score.kernels.Backend#argmaxRows} and {@link dev.score.kernels.Backend#drawRows}). The rows
 * are read where they lie and the draws' working arrays are kept
 * here from one call to the next, so that choosing the tokens of a decoding step allocates nothing (a
 * copy of each row, and the weights of each draw, were a vocabulary's worth of garbage per row per step).
 * One instance serves one thread.
 */
final class TokenChoice {
    private double[] weights = new double[0];
    private long[] keyed = new long[0];
    private int[] order = new int[0];

    int choose(float[] logits, int at, int vocab, Sampler.Settings settings, Rng rng) {
        if (settings.topK() == 0 && settings.topP() >= 1) {
            return drawUnfiltered(logits, at, vocab, settings.temperature(), rng);
        }
        sortByDescendingLogit(logits, at, vocab);
        int keep = settings.topK() > 0 ? Math.min(settings.topK(), vocab) : vocab;
        double[] w = weights(keep);

        // Softmax at the temperature over the kept candidates, in descending order.
        double max = logits[at + order[0]];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            w[i] = Math.exp((logits[at + order[i]] - max) / settings.temperature());
            total += w[i];
        }
        if (settings.topP() < 1) {
            // Nucleus: the shortest prefix whose probability reaches top-p (always at least one token).
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < keep) {
                cumulative += w[nucleus++] / total;
                if (cumulative >= settings.topP()) {
                    break;
                }
            }
            keep = nucleus;
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += w[i];
            }
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= w[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[keep - 1]; // u landed on the rounding error at the very end
    }

    /**
     * A draw from the softmax at {@code temperature} over the whole vocabulary, walking the ids in
     * order: with no filter to apply, nothing needs the candidates sorted (a sort per row per step
     * was a tenth of batched sampling).
     */
    private int drawUnfiltered(float[] logits, int at, int vocab, double temperature, Rng rng) {
        double[] w = weights(vocab);
        double max = max(logits, at, vocab);
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            w[i] = Math.exp((logits[at + i] - max) / temperature);
            total += w[i];
        }
        double u = rng.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            if (w[i] > 0) {
                last = i;
                u -= w[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last; // u landed on the rounding error at the very end
    }

    private double[] weights(int size) {
        if (weights.length < size) {
            weights = new double[size];
        }
        return weights;
    }

    private static double max(float[] logits, int at, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = at; i < at + vocab; i++) {
            max = Math.max(max, logits[i]);
        }
        return max;
    }

    /** {@link #order}'s first {@code vocab} entries: the row's ids by logit, largest first, ties by smaller id. */
    private void sortByDescendingLogit(float[] logits, int at, int vocab) {
        if (keyed.length < vocab) {
            keyed = new long[vocab];
            order = new int[vocab];
        }
        // Sort (negated logit, id) pairs packed into longs: no boxing over a 50k vocabulary.
        for (int i = 0; i < vocab; i++) {
            int bits = Float.floatToIntBits(-logits[at + i]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // float order as signed int order
            keyed[i] = ((long) sortable << 32) | i;
        }
        heapSort(keyed, vocab);
        for (int i = 0; i < vocab; i++) {
            order[i] = (int) keyed[i];
        }
    }

    /**
     * Sorts {@code a[0 .. n)} ascending in place. Not {@code Arrays.sort}: on a random row of logits it
     * allocates run bookkeeping each call, about 1.7 KB per row per step; a heap sort allocates nothing.
     */
    static void heapSort(long[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            long top = a[0];
            a[0] = a[end];
            a[end] = top;
            siftDown(a, 0, end);
        }
    }

    /** Moves {@code a[i]} down the max-heap {@code a[0 .. n)} until both its children are no larger. */
    private static void siftDown(long[] a, int i, int n) {
        long value = a[i];
        int child;
        while ((child = 2 * i + 1) < n) {
            if (child + 1 < n && a[child + 1] > a[child]) {
                child++;
            }
            if (a[child] <= value) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = value;
    }
}
