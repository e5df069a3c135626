package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import java.util.List;

/**
 * Guess a root, then check it: a task in which an attempt carries information that makes a second one
 * easier than the first. A problem is a linear equation {@code Solve for x: 7x+13=132.} with a two-digit
 * root, and an attempt guesses the root at once, then checks the guess forward and states it:
 * <pre>
 * Guess: x=17.
 * Check: 7*17=119, 119+13=132.
 * The final answer is 17.
 * </pre>
 * Guessing means dividing {@code c − b} by {@code a} in one go, which a small model does approximately;
 * the forward check is a product and a sum, which it does well. A wrong guess's check ends on a total other
 * than {@code c}, off by a multiple of {@code a}: the first attempt's own text shows the second which way
 * and how far to move. Only the final answer is rewarded, and the correction instruction is the math
 * tasks' fixed one, so nothing outside the model's own text tells it whether the first guess was right.
 *
 * <p>The careless guesser of the base model's traces misses by one or two either way; its check of the
 * wrong guess is still computed right. A problem's level is {@code a − 2} (a from 3 to 7).
 *
 * <p>Measured (2026-12-01, default base model recipe): the base model guesses 14 % of the test roots and
 * its checks are no better than its guesses (it writes {@code c} as the check's total whatever the
 * product), so the check carries no signal and Stage I learned nothing from it (Acc@t2 13.8 %). A gap
 * needs a check the model computes reliably.
 */
public final class RootCheckTask extends MathAnswerTask {
    static final String NAME = "check";
    private static final String ID_PREFIX = "check-";
    private static final int[] MISSES = {-2, -1, 1, 2};
    /** The share of the traces in which a near-miss guess is followed by the right one. */
    static final double REVISION_RATE = 0.1;

    /** One equation {@code ax+b=c}. */
    record Equation(int a, int x, int b) {
        int c() {
            return a * x + b;
        }

        String statement() {
            return "Solve for x: " + a + "x+" + b + "=" + c() + ".";
        }

        /** An attempt that guesses {@code guess} and checks it. */
        String attempt(int guess) {
            int product = a * guess;
            return "Guess: x=" + guess + ".\nCheck: " + a + "*" + guess + "=" + product + ", " + product + "+" + b
                    + "=" + (product + b) + ".\n" + WorkedProblem.FINAL_ANSWER + guess + ".";
        }

        /** The equation a seed draws: a from 3 to 7, x from 12 to 49, b from 2 to 29. */
        static Equation drawn(long seed) {
            Rng rng = new Rng(seed);
            return new Equation(3 + rng.nextInt(5), 12 + rng.nextInt(38), 2 + rng.nextInt(28));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        // 5 × 38 × 28 = 5320 equations in all: a split of fewer than that is used up.
        return SeededProblems.draw(split, count, seed, problemSeed -> {
            Equation e = Equation.drawn(problemSeed);
            return new Problem(SeededProblems.id(ID_PREFIX, problemSeed), e.a() - 2, e.statement(), e.attempt(e.x()),
                    Integer.toString(e.x()));
        });
    }

    /** A guess one or two off, checked correctly. */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        Equation e = rebuild(problem);
        return e.attempt(e.x() + MISSES[rng.nextInt(MISSES.length)]);
    }

    /** Once in a while the traces' second attempt reads the first one's check and fixes the guess. */
    @Override
    public double revisionRate() {
        return REVISION_RATE;
    }

    /** A near-miss guess, checked, then the right one. */
    @Override
    public Revision revision(Problem problem, Rng rng) {
        return new Revision(flawedSolution(problem, rng), problem.solution());
    }

    static Equation rebuild(Problem problem) {
        return Equation.drawn(SeededProblems.seedOf(problem, ID_PREFIX));
    }
}
