package dev.score.rl.protocol;

import dev.score.engine.io.AtomicFiles;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The two-attempt conversation: the first prompt holds the problem, the model writes attempt 1 and ends it
 * with the format's stop token, the fixed instruction turn follows (the same tokens whatever attempt 1 was,
 * so it carries no signal of whether attempt 1 was right), and the model writes attempt 2. The tokens come
 * from a {@link TurnFormat}: this project's turn markers for its own models, or a model's chat template
 * (see {@link ChatTurns}).
 */
public final class SelfCorrectionProtocol {
    private final BpeTokenizer tokenizer;
    private final TurnFormat format;
    private final String promptSuffix;
    private final List<Path> formatFiles;
    private final int end;
    private final int[] instructionTurn;

    /** The turn-marker format of this project's own models, with no prompt suffix. */
    public SelfCorrectionProtocol(BpeTokenizer tokenizer, String instruction) {
        this(tokenizer, new MarkerTurns(tokenizer, instruction), "", List.of());
    }

    /**
     * @param promptSuffix appended to every problem statement in the first prompt (e.g. asking for the
     *                     final answer in {@code \boxed{}})
     * @param formatFiles  the files that define the format (a chat template's), copied beside a saved model
     */
    public SelfCorrectionProtocol(BpeTokenizer tokenizer, TurnFormat format, String promptSuffix,
            List<Path> formatFiles) {
        this.tokenizer = tokenizer;
        this.format = format;
        this.promptSuffix = promptSuffix;
        this.formatFiles = List.copyOf(formatFiles);
        this.end = format.stopToken();
        this.instructionTurn = format.instructionTurn();
    }

    /** The token that ends an attempt. */
    public int stopToken() {
        return end;
    }

    /** The tokens before attempt 1 for this problem statement. */
    public int[] firstPrompt(String statement) {
        return format.firstPrompt(statement + promptSuffix);
    }

    /** The fewest tokens a first prompt takes: that of an empty statement, and one token of it. */
    public int shortestFirstPrompt() {
        return firstPrompt("").length + 1;
    }

    /**
     * The most positions a conversation can take whose first prompt has {@code firstPromptLength} tokens
     * and whose attempts are at most {@code maxAttemptTokens} each: attempt 1 closed by the protocol's
     * stop token, the instruction turn, attempt 2. In {@code long}, so no length can overflow past a
     * context check.
     */
    public long longestConversation(int firstPromptLength, int maxAttemptTokens) {
        return longestConversation(firstPromptLength, maxAttemptTokens, instructionTurn.length);
    }

    /** {@link #longestConversation(int, int)} for an instruction turn of {@code instructionTurn} tokens. */
    public static long longestConversation(int firstPromptLength, int maxAttemptTokens, int instructionTurn) {
        return (long) firstPromptLength + maxAttemptTokens + 1 + instructionTurn + maxAttemptTokens;
    }

    /** The tokens that follow attempt 1's stop token (e.g. {@code <|instruction|> p <|attempt|>}). */
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
     * An attempt's text: its tokens decoded, without the stop token. An id the tokenizer lacks (a model's
     * padded rows) reads as U+FFFD ({@link BpeTokenizer#decodeDrawn}), so the attempt is simply wrong rather
     * than an error.
     */
    public String text(int[] attemptTokens) {
        int n = attemptTokens.length;
        if (n > 0 && attemptTokens[n - 1] == end) {
            n--;
        }
        return tokenizer.decodeDrawn(Arrays.copyOf(attemptTokens, n));
    }

    public BpeTokenizer tokenizer() {
        return tokenizer;
    }

    /** Writes the tokenizer and the format's files into a model directory, so that it runs with this protocol. */
    public void saveWith(Path modelDir) throws IOException {
        TokenizerJson.save(tokenizer, modelDir);
        for (Path file : formatFiles) {
            AtomicFiles.write(modelDir.resolve(file.getFileName()), Files.readAllBytes(file));
        }
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
