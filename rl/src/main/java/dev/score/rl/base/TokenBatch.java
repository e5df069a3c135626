package dev.score.rl.base;

import dev.score.rl.protocol.Conversation;
import java.util.Arrays;
import java.util.List;

/**
 * Conversations right-padded into one {@code [B, T]} batch. {@code targets[b·T + p]} is the token at
 * {@code p + 1} when that token is one the model wrote (an attempt token), else {@code -1}: the model
 * learns to write attempts, never to predict the problem or the instruction, nor the padding.
 *
 * <p>{@code T} is the longest conversation rounded up to a multiple of {@value #LENGTH_STEP} (at most the
 * model's context): a training loop then meets a handful of batch shapes again and again, and its
 * {@code Workspace} recycles their memory instead of allocating every step's anew for a new length.
 */
public record TokenBatch(int[] tokens, int[] targets, int batch, int length) {

    static final int LENGTH_STEP = 16;

    public static TokenBatch of(List<Conversation> conversations, int context) {
        return of(conversations, true, context);
    }

    /** As {@link #of(List, int)}; without {@code attempt1} only attempt 2's tokens are targets (Pair-SFT). */
    public static TokenBatch of(List<Conversation> conversations, boolean attempt1, int context) {
        return padded(conversations, attempt1, paddedLength(conversations, context));
    }

    /**
     * {@code T} for {@code conversations}: the longest rounded up to a multiple of {@value #LENGTH_STEP}, at most
     * {@code context}; refused when one does not fit the context.
     */
    public static int paddedLength(List<Conversation> conversations, int context) {
        int longest = conversations.stream().mapToInt(Conversation::length).max().orElse(1);
        if (longest > context) {
            throw new IllegalArgumentException("a conversation of " + longest + " tokens does not fit the context of "
                    + context + "; raise the base model's context");
        }
        return Math.min(context, (longest + LENGTH_STEP - 1) / LENGTH_STEP * LENGTH_STEP);
    }

    /** {@code conversations} padded to {@code length} tokens, at least the longest of them (see {@link #paddedLength}). */
    public static TokenBatch padded(List<Conversation> conversations, boolean attempt1, int length) {
        int batch = conversations.size();
        for (Conversation c : conversations) {
            if (c.length() > length) {
                throw new IllegalArgumentException("a conversation of " + c.length() + " tokens in a batch of length "
                        + length);
            }
        }
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
