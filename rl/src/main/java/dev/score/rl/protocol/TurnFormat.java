package dev.score.rl.protocol;

/**
 * How the two-attempt conversation is written in tokens: the prompt before attempt 1, the token that ends
 * an attempt, and the fixed turn between the attempts. The turn is the same tokens whatever the problem
 * and attempt 1 were, so it carries no signal of attempt 1's correctness.
 */
public interface TurnFormat {
    /** The tokens before attempt 1, for a problem whose user turn reads {@code userText}. */
    int[] firstPrompt(String userText);

    /** The token that ends an attempt (the model's end of turn). */
    int stopToken();

    /** The tokens between attempt 1's stop token and attempt 2. */
    int[] instructionTurn();
}
