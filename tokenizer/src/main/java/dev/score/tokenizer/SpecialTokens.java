package dev.score.tokenizer;

import java.util.List;

/**
 * The special tokens' texts. {@code <|endoftext|>} separates documents (GPT-2's own, id 50256 there). The
 * turn markers frame the self-correction protocol: {@code <|problem|>} opens the task, {@code <|attempt|>}
 * opens each answer, and {@code <|instruction|>} opens the request to review and correct the first answer.
 * Ordinary encoding never produces them: text that spells one out is encoded as the ordinary pieces of
 * that spelling, and only {@code BpeTokenizer.encode(text, allowed)} turns an allowed spelling into its id.
 */
public final class SpecialTokens {
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String PROBLEM = "<|problem|>";
    public static final String ATTEMPT = "<|attempt|>";
    public static final String INSTRUCTION = "<|instruction|>";

    /** All of them, in the order a trained tokenizer gives them ids (after the merges). */
    public static final List<String> ALL = List.of(END_OF_TEXT, PROBLEM, ATTEMPT, INSTRUCTION);

    /** The turn markers, which a GPT-2 vocabulary lacks and which {@link BpeTokenizer#withSpecialTokens} appends. */
    public static final List<String> TURN_MARKERS = List.of(PROBLEM, ATTEMPT, INSTRUCTION);

    private SpecialTokens() {
    }
}
