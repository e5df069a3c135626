package dev.score.rl.task;

/** The binary reward: whether an attempt solves the problem. Never throws on any attempt text. */
@FunctionalInterface
public interface Verifier {
    boolean isCorrect(Problem problem, String attempt);
}
