package dev.score.rl.protocol;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.SpecialTokens;

/**
 * The format of this project's own models, made of its turn markers: {@code <|problem|> x <|attempt|>},
 * attempt 1, {@code <|endoftext|>}, then {@code <|instruction|> p <|attempt|>} and attempt 2.
 */
final class MarkerTurns implements TurnFormat {
    private final BpeTokenizer tokenizer;
    private final int problem;
    private final int attempt;
    private final int end;
    private final int[] instructionTurn;

    MarkerTurns(BpeTokenizer tokenizer, String instruction) {
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

    /** Whether {@code tokenizer} has every marker this format writes. */
    static boolean supports(BpeTokenizer tokenizer) {
        return SpecialTokens.ALL.stream().allMatch(t -> tokenizer.specialId(t) >= 0);
    }

    @Override
    public int[] firstPrompt(String userText) {
        int[] text = tokenizer.encode(userText);
        int[] prompt = new int[text.length + 2];
        prompt[0] = problem;
        System.arraycopy(text, 0, prompt, 1, text.length);
        prompt[text.length + 1] = attempt;
        return prompt;
    }

    @Override
    public int stopToken() {
        return end;
    }

    @Override
    public int[] instructionTurn() {
        return instructionTurn.clone();
    }
}
