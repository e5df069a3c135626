package dev.score.engine;

import java.util.Arrays;

/**
 * The host arrays of {@link Sampler}'s decoding loop, kept by a model's {@link Decoder} from one
 * generation to the next and grown only when a generation is larger than any before: so a decoding step
 * allocates nothing (its logits, its draws and each row's tokens and log-probabilities all land here),
 * where the loop used to make a {@code batch × vocab} array of logits per step and box every token it drew.
 */
final class GenerationBuffers {
    final TokenChoice choice = new TokenChoice();
    /** {@code [B, V]}: the last pass's logits, for a draw made on the host (top-k, top-p, another temperature). */
    float[] scores = new float[0];
    /** {@code [B]}: the tokens the backend chose in the last pass, their log-probabilities, the uniforms of its draws. */
    int[] chosen = new int[0];
    float[] chosenLogProbs = new float[0];
    double[] uniforms = new double[0];
    /** {@code [B, maxNew]}: row b's i-th drawn token and its log-probability at {@code b·maxNew + i}. */
    int[] drawn = new int[0];
    float[] logProbs = new float[0];
    /**
     * Per row, exactly {@code batch} long since a step feeds them whole: tokens drawn so far, the token to
     * feed next, positions to keep, where to read (0), whether the row stopped.
     */
    int[] count = new int[0];
    int[] next = new int[0];
    int[] fed = new int[0];
    int[] zeros = new int[0];
    boolean[] stopped = new boolean[0];

    /**
     * Room for {@code batch} rows of {@code maxNew} tokens (and of {@code vocab} scores when {@code hostScores}),
     * every row at its start.
     */
    void prepare(int batch, int vocab, int maxNew, boolean hostScores) {
        long scoreCount = (long) batch * vocab;
        long tokenCount = (long) batch * maxNew;
        if (scoreCount > Integer.MAX_VALUE || tokenCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a generation of " + batch + " rows, " + vocab + " logits and "
                    + maxNew + " new tokens each is more than one array holds");
        }
        if (hostScores && scores.length < scoreCount) {
            scores = new float[(int) scoreCount];
        }
        if (drawn.length < tokenCount) {
            drawn = new int[(int) tokenCount];
            logProbs = new float[(int) tokenCount];
        }
        if (count.length != batch) {
            count = new int[batch];
            next = new int[batch];
            fed = new int[batch];
            zeros = new int[batch];
            stopped = new boolean[batch];
            chosen = new int[batch];
            chosenLogProbs = new float[batch];
            uniforms = new double[batch];
        }
        Arrays.fill(count, 0);
        Arrays.fill(stopped, false);
    }
}
