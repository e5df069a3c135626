package dev.score.rl.base;

import dev.score.rl.protocol.Conversation;
import java.util.Arrays;
import java.util.List;

/**
 * Conversations right-padded into one {@code [B, T]} batch, {@code T} the longest. {@code targets[b·T + p]}
 * is the token at {@code p + 1} when that token is one the model wrote (an attempt token), else
 * {@code -1}: the model learns to write attempts, never to predict the problem or the instruction.
 */
public record TokenBatch(int[] tokens, int[] targets, int batch, int length) {

    public static TokenBatch of(List<Conversation> conversations) {
        return of(conversations, true);
    }

    /** As {@link #of(List)}; without {@code attempt1} only attempt 2's tokens are targets (Pair-SFT). */
    public static TokenBatch of(List<Conversation> conversations, boolean attempt1) {
        int batch = conversations.size();
        int length = conversations.stream().mapToInt(Conversation::length).max().orElse(1);
        int[] tokens = new int[batch * length];
        int[] targets = new int[batch * length];
        Arrays.fill(targets, -1);
        for (int b = 0; b < batch; b++) {
            Conversation c = conversations.get(b);
            System.arraycopy(c.tokens(), 0, tokens, b * length, c.length());
            for (int p = 0; p + 1 < c.length(); p++) {
                boolean target = attempt1 ? c.isAttemptToken(p + 1) : p + 1 >= c.attempt2Start();
                if (target) {
                    targets[b * length + p] = c.tokens()[p + 1];
                }
            }
        }
        return new TokenBatch(tokens, targets, batch, length);
    }
}
