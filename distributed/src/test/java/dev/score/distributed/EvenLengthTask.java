package dev.score.distributed;

import dev.score.engine.Rng;
import dev.score.rl.math.MathTask;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Verifier;
import java.util.List;

/**
 * The math task with a reward a tiny model earns about half the time: an attempt of an even number of
 * characters. Its advantages are seldom all zero, so every step moves the policy.
 */
final class EvenLengthTask implements Task {
    private final MathTask math = new MathTask();

    @Override
    public String name() {
        return "even-length math";
    }

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        return math.problems(split, count, seed);
    }

    @Override
    public Verifier verifier() {
        return (problem, attempt) -> attempt.length() % 2 == 0;
    }

    @Override
    public String correctionInstruction() {
        return math.correctionInstruction();
    }

    @Override
    public String finalAnswer(String attempt) {
        return math.finalAnswer(attempt);
    }

    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        return math.flawedSolution(problem, rng);
    }
}
