package dev.score.rl.protocol;

import java.io.Serializable;

/**
 * A full two-attempt conversation as tokens, {@code [<|problem|> x <|attempt|> y1 <|endoftext|>
 * <|instruction|> p <|attempt|> y2 <|endoftext|>]}, with where each attempt's tokens (its stop token
 * included) lie: attempt {@code i} spans {@code [start_i, end_i)}.
 */
public record Conversation(int[] tokens, int attempt1Start, int attempt1End, int attempt2Start, int attempt2End)
        implements Serializable {
    public int length() {
        return tokens.length;
    }

    /** Whether position {@code p} holds a token of either attempt (a token the model wrote). */
    public boolean isAttemptToken(int p) {
        return (p >= attempt1Start && p < attempt1End) || (p >= attempt2Start && p < attempt2End);
    }
}
