package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Plausible wrong answers, for the flawed first attempts of the base model's training traces: the
 * solution stays as it was except for its final answer, which becomes a near miss in the same
 * notation (a number off by a small integer), so the trace teaches correcting a slip, not a format.
 */
final class WrongAnswers {

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern CHOICE = Pattern.compile("(.*\\()([A-E])(\\).*)");
    private static final int TRIES = 8;

    private WrongAnswers() {}

    /**
     * The problem's solution with its final answer replaced by a wrong one; a solution without a
     * readable final answer gets a final-answer line with a wrong version of the oracle.
     */
    static String flawedSolution(Problem problem, Rng rng) {
        String solution = problem.solution();
        AnswerSpan span = FinalAnswerLocator.locate(solution);
        if (span == null) {
            return solution.stripTrailing() + "\nThe final answer is " + wrong(problem.oracle(), rng) + ".";
        }
        return solution.substring(0, span.start()) + wrong(span.of(solution), rng) + solution.substring(span.end());
    }

    /** An answer not equivalent to {@code answer}, written like it. */
    static String wrong(String answer, Rng rng) {
        for (int i = 0; i < TRIES; i++) {
            String candidate = nearMiss(answer, rng);
            if (!MathAnswers.equivalent(candidate, answer)) {
                return candidate;
            }
        }
        return answer + "+1";
    }

    /**
     * The first number of the answer moved by 1 to 3 (down only while it stays positive): the
     * numerator of a fraction, the first coordinate of a point, the integer part of a decimal. Without
     * a number, the next choice letter of a multiple-choice answer, else the answer plus one.
     */
    private static String nearMiss(String answer, Rng rng) {
        var digits = DIGITS.matcher(answer);
        if (digits.find()) {
            BigInteger value = new BigInteger(digits.group());
            BigInteger step = BigInteger.valueOf(1 + rng.nextInt(3));
            boolean down = rng.nextInt(2) == 0 && value.compareTo(step) > 0;
            BigInteger moved = down ? value.subtract(step) : value.add(step);
            return answer.substring(0, digits.start()) + moved + answer.substring(digits.end());
        }
        var choice = CHOICE.matcher(answer);
        if (choice.matches()) {
            char next = (char) ('A' + (choice.group(2).charAt(0) - 'A' + 1) % 5);
            return choice.group(1) + next + choice.group(3);
        }
        return answer + "+1";
    }
}
