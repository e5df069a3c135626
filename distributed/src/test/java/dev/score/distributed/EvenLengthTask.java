package dev.score.distributed;

import dev.score.rl.math.MathTask;
import dev.score.rl.task.DelegatingTask;
import dev.score.rl.task.Verifier;

/**
 * The math task with a reward a tiny model earns about half the time: an attempt of an even number of
 * characters. Its advantages are seldom all zero, so every step moves the policy.
 */
final class EvenLengthTask extends DelegatingTask {
    EvenLengthTask() {
        super(new MathTask());
    }

    @Override
    public Verifier verifier() {
        return (problem, attempt) -> attempt.length() % 2 == 0;
    }
}
