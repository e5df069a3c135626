package dev.score.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.math.MathTask;
import dev.score.rl.task.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceScalingTest {
    private static final Problem P = new Problem("p", 1, "What is 1+1?", "", "2");
    private static final String RIGHT = "The final answer is 2.";
    private static final String WRONG = "The final answer is 3.";

    @Test
    void theMajorityDecidesAndTiesGoToTheFirstAnswer() {
        MathTask task = new MathTask();
        assertTrue(InferenceScaling.majorityIsRight(List.of(WRONG, RIGHT, RIGHT), List.of(false, true, true), task));
        assertFalse(InferenceScaling.majorityIsRight(List.of(WRONG, RIGHT), List.of(false, true), task));
        assertFalse(InferenceScaling.majorityIsRight(List.of("no answer"), List.of(false), task));
    }

    @Test
    void sequentialVotesOverSecondAttemptsAtTheSameBudget() {
        // Every first attempt wrong, every second attempt right: voting over 2K first attempts never wins,
        // voting over K corrections always does.
        List<AttemptPair> pairs = new ArrayList<>();
        for (int i = 0; i < InferenceScaling.samplesPerProblem(); i++) {
            pairs.add(new AttemptPair(P, WRONG, RIGHT, false, true));
        }
        for (InferenceScaling.Point p : InferenceScaling.measure(List.of(pairs), new MathTask(), 1)) {
            assertEquals(0, p.parallel());
            assertEquals(1, p.sequential());
            // One problem, a difference of +1 on it: every resample gives +1.
            assertEquals(1, p.sequentialMinusParallel().estimate());
            assertEquals(1, p.sequentialMinusParallel().low());
            assertEquals(1, p.sequentialMinusParallel().high());
        }
    }
}
