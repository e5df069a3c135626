package dev.score.rl.eval;

import dev.score.rl.task.Problem;

/** One problem's two attempts as text, and whether each is correct. */
public record AttemptPair(Problem problem, String attempt1, String attempt2, boolean correct1, boolean correct2) {
}
