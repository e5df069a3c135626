package dev.score.rl.task;

import java.io.Serializable;

/**
 * One problem of a task. {@code statement} is what the model reads; {@code solution} is a reference
 * answer in the task's answer format (math: steps ending in the final-answer line; code: a program),
 * used to build the base model's training traces; {@code oracle} is what the verifier checks against
 * (math: the final answer; code: the test program). {@code level} runs from 1 (easiest) to 5, or is 0 where the
 * source gives none (a file of your own problems).
 */
public record Problem(String id, int level, String statement, String solution, String oracle) implements Serializable {
    public Problem {
        if (level < 0 || level > 5) {
            throw new IllegalArgumentException("level must be in 1..5, or 0 for none, got " + level);
        }
    }
}
