package dev.score.rl.task;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shares of a split's problems by level, to check that the test split holds the levels as the
 * validation split does: a task with few distinct problems at some levels (the built-in math task's easy
 * levels hold a few dozen test problems each) fills a large split's rest from the others, so a checkpoint
 * chosen on validation would be judged on another mix.
 */
public final class LevelMix {
    /** A level's share may differ by this much between the splits before the mixes count as different. */
    static final double TOLERANCE = 0.10;

    /** Levels 0 (none given) to 5. */
    private static final int LEVELS = 6;

    private LevelMix() {
    }

    /**
     * Where {@code test}'s level shares are not {@code validation}'s: the level whose shares differ the
     * most, as one sentence naming both splits' shares and what draws the same mix; empty when every level's
     * shares are within {@value #TOLERANCE} or either split is empty.
     */
    public static Optional<String> mismatch(List<Problem> test, List<Problem> validation) {
        if (test.isEmpty() || validation.isEmpty()) {
            return Optional.empty();
        }
        double[] testShares = shares(test);
        double[] validationShares = shares(validation);
        int worst = 0;
        for (int level = 1; level < LEVELS; level++) {
            if (Math.abs(testShares[level] - validationShares[level])
                    > Math.abs(testShares[worst] - validationShares[worst])) {
                worst = level;
            }
        }
        if (Math.abs(testShares[worst] - validationShares[worst]) <= TOLERANCE) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the test split does not hold the levels in the validation "
                + "split's shares (level %d: %.0f %% of %d test problems, %.0f %% of %d validation problems): "
                + "the task has too few distinct problems at some levels to fill this many; a test split the "
                + "validation split's size (--set test_problems=%d) draws the same mix", worst,
                100 * testShares[worst], test.size(), 100 * validationShares[worst], validation.size(),
                validation.size()));
    }

    private static double[] shares(List<Problem> problems) {
        double[] shares = new double[LEVELS];
        problems.forEach(p -> shares[p.level()]++);
        for (int level = 0; level < LEVELS; level++) {
            shares[level] /= problems.size();
        }
        return shares;
    }
}
