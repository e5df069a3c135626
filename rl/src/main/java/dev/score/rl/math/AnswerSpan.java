package dev.score.rl.math;

/**
 * Where a final answer sits in a solution's text, {@code [start, end)}. Kept as a position, not a
 * string, so that a flawed solution can replace exactly the answer and leave every other character.
 */
record AnswerSpan(int start, int end) {

    String of(String text) {
        return text.substring(start, end);
    }
}
