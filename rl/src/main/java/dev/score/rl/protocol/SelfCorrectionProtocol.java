package dev.score.rl.protocol;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.SpecialTokens;
import java.util.Arrays;

/**
 * The two-attempt conversation format. The first prompt is {@code <|problem|> x <|attempt|>}; the model
 * writes attempt 1 and ends it with {@code <|endoftext|>}. The second prompt appends the task's fixed
 * correction instruction, {@code <|instruction|> p <|attempt|>}, the same tokens whatever attempt 1
 * was, so it carries no signal of whether attempt 1 was right; the model then writes attempt 2.
 */
public final class SelfCorrectionProtocol {
    private final BpeTokenizer tokenizer;
    private final int problem;
    private final int attempt;
    private final int end;
    private final int[] instructionTurn;

    public SelfCorrectionProtocol(BpeTokenizer tokenizer, String instruction) {
        this.tokenizer = tokenizer;
        this.problem = tokenizer.specialId(SpecialTokens.PROBLEM);
        this.attempt = tokenizer.specialId(SpecialTokens.ATTEMPT);
        this.end = tokenizer.specialId(SpecialTokens.END_OF_TEXT);
        int instructionId = tokenizer.specialId(SpecialTokens.INSTRUCTION);
        int[] text = tokenizer.encode(instruction);
        this.instructionTurn = new int[text.length + 2];
        instructionTurn[0] = instructionId;
        System.arraycopy(text, 0, instructionTurn, 1, text.length);
        instructionTurn[text.length + 1] = attempt;
    }

    /** The token that ends an attempt. */
    public int stopToken() {
        return end;
    }

    /** {@code <|problem|> statement <|attempt|>}. */
    public int[] firstPrompt(String statement) {
        int[] text = tokenizer.encode(statement);
        int[] prompt = new int[text.length + 2];
        prompt[0] = problem;
        System.arraycopy(text, 0, prompt, 1, text.length);
        prompt[text.length + 1] = attempt;
        return prompt;
    }

    /**
     * The most positions a conversation can take whose first prompt has {@code firstPromptLength} tokens
     * and whose attempts are at most {@code maxAttemptTokens} each: attempt 1 closed by the protocol's
     * stop token, the instruction turn, attempt 2. In {@code long}, so no length can overflow past a
     * context check.
     */
    public long longestConversation(int firstPromptLength, int maxAttemptTokens) {
        return (long) firstPromptLength + maxAttemptTokens + 1 + instructionTurn.length + maxAttemptTokens;
    }

    /** The tokens that follow attempt 1 (stop token included): {@code <|instruction|> p <|attempt|>}. */
    public int[] instructionTurn() {
        return instructionTurn.clone();
    }

    /**
     * The first prompt, attempt 1 and the instruction turn. An attempt cut off by the length limit gets
     * its stop token here, so the second prompt is well-formed either way.
     */
    public int[] secondPrompt(int[] firstPrompt, int[] attempt1) {
        int[] closed = closed(attempt1);
        int[] prompt = Arrays.copyOf(firstPrompt, firstPrompt.length + closed.length + instructionTurn.length);
        System.arraycopy(closed, 0, prompt, firstPrompt.length, closed.length);
        System.arraycopy(instructionTurn, 0, prompt, firstPrompt.length + closed.length, instructionTurn.length);
        return prompt;
    }

    /** The whole conversation over sampled (or written) attempt tokens, each closed with the stop token. */
    public Conversation conversation(int[] firstPrompt, int[] attempt1, int[] attempt2) {
        int[] second = secondPrompt(firstPrompt, attempt1);
        int[] closed2 = closed(attempt2);
        int[] tokens = Arrays.copyOf(second, second.length + closed2.length);
        System.arraycopy(closed2, 0, tokens, second.length, closed2.length);
        int attempt1End = firstPrompt.length + closed(attempt1).length;
        return new Conversation(tokens, firstPrompt.length, attempt1End, second.length, tokens.length);
    }

    /** A conversation with the attempts given as text (the base model's training traces). */
    public Conversation conversation(String statement, String attempt1, String attempt2) {
        return conversation(firstPrompt(statement), tokenizer.encode(attempt1), tokenizer.encode(attempt2));
    }

    /**
     * An attempt's text: its tokens decoded, without the stop token. A model can have more embedding rows than
     * its tokenizer has tokens (a tokenizer trained to fewer, or a vocabulary padded for speed), so it can draw
     * an id the tokenizer lacks: that id reads as U+FFFD, and the attempt is simply wrong rather than an error.
     */
    public String text(int[] attemptTokens) {
        int n = attemptTokens.length;
        if (n > 0 && attemptTokens[n - 1] == end) {
            n--;
        }
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || !tokenizer.contains(attemptTokens[i])) {
                text.append(tokenizer.decode(Arrays.copyOfRange(attemptTokens, from, i)));
                if (i < n) {
                    text.append('\uFFFD');
                }
                from = i + 1;
            }
        }
        return text.toString();
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    private int[] closed(int[] attemptTokens) {
        int n = attemptTokens.length;
        if (n > 0 && attemptTokens[n - 1] == end) {
            return attemptTokens;
        }
        int[] closed = Arrays.copyOf(attemptTokens, n + 1);
        closed[n] = end;
        return closed;
    }
}
