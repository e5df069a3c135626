package dev.score.rl.train;

/**
 * How a training step splits its sequences into passes through the model, each pass's gradient added to
 * the last before one optimizer step. A pass holds its rows' logits several times over ({@code [rows, V]}
 * each: forward, log-softmax, gradient); for a vocabulary of 151 936 and 32 sequences of 130 tokens that
 * was 2.5 GB apiece in one pass.
 */
final class Passes {
    /**
     * Logits one pass may hold, {@code rows × V}: 2^25 floats (128 MiB per copy) take every sequence of a
     * step of the default run in one pass, and about 220 rows of a 151 936-token vocabulary.
     */
    static final long LOGITS_PER_PASS = 1L << 25;

    private Passes() {
    }

    /**
     * Sequences per pass for {@code sequences} padded to {@code length} tokens: the most that fit
     * {@code logitsPerPass} and divide {@code sequences} (at least one), so that every pass has one shape
     * and a workspace serves each from the memory of the one before.
     */
    static int perPass(int sequences, int length, int vocabulary, long logitsPerPass) {
        long fit = logitsPerPass / ((long) length * vocabulary);
        int perPass = (int) Math.max(1, Math.min(sequences, fit));
        while (sequences % perPass != 0) {
            perPass--;
        }
        return perPass;
    }
}
