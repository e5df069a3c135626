package dev.score.rl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.math.MathTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LevelMixTest {
    @Test
    void theSameSharesAtAnotherSizeMatch() {
        assertEquals(Optional.empty(), LevelMix.mismatch(problems(40, 40, 20), problems(4, 4, 2)));
    }

    @Test
    void aShareOffByMoreThanTheToleranceIsNamedWithBothSplitsShares() {
        // Level 1 is 1 of 10 test problems (10 %) against 5 of 10 (50 %), the largest gap; level 2 is 30 points off.
        Optional<String> mismatch = LevelMix.mismatch(problems(1, 7, 2), problems(5, 4, 1));
        assertTrue(mismatch.isPresent());
        assertTrue(mismatch.get().contains("level 1: 10 % of 10 test problems, 50 % of 10 validation problems"),
                mismatch.get());
        assertTrue(mismatch.get().contains("--set test_problems=10"), mismatch.get());
    }

    @Test
    void aShareJustWithinTheToleranceMatches() {
        // Level 1: 28 % against 20 % (8 points), level 2 the rest.
        assertEquals(Optional.empty(), LevelMix.mismatch(problems(28, 72, 0), problems(20, 80, 0)));
    }

    @Test
    void theMathTasksLargeTestSplitRunsOutOfItsEasyLevels() {
        MathTask math = new MathTask();
        List<Problem> validation = math.problems(Split.VALIDATION, 500, 1);
        assertEquals(Optional.empty(), LevelMix.mismatch(math.problems(Split.TEST, 500, 1), validation));
        assertTrue(LevelMix.mismatch(math.problems(Split.TEST, 2000, 1), validation).orElseThrow().contains("level 5"));
    }

    @Test
    void theDefaultTasksTestSplitHoldsValidationsMix() {
        Task chain = Tasks.named(Tasks.DEFAULT);
        assertEquals(Optional.empty(),
                LevelMix.mismatch(chain.problems(Split.TEST, 2000, 1), chain.problems(Split.VALIDATION, 500, 1)));
    }

    /** {@code counts[i]} problems at level i + 1. */
    private static List<Problem> problems(int... counts) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            for (int n = 0; n < counts[i]; n++) {
                problems.add(new Problem("p" + i + "-" + n, i + 1, "statement", "solution", "oracle"));
            }
        }
        return problems;
    }
}
