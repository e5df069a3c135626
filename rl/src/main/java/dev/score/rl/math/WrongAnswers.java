package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import java.util.regex.Pattern;

/**
 * Plausible wrong answers, for the flawed first attempts of the base model's training traces: the
 * solution stays as it was except for its final answer, which becomes a near miss in the same
 * notation (a number off by a small integer), so the trace teaches correcting a slip, not a format.
 */
final class WrongAnswers {

    private static final Pattern DIGITS = Pattern.compile("\\d+");
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
            String value = withoutLeadingZeros(digits.group());
            int step = 1 + rng.nextInt(3);
            boolean down = rng.nextInt(2) == 0 && (value.length() > 1 || value.charAt(0) - '0' > step);
            String moved = down ? minus(value, step) : plus(value, step);
            return answer.substring(0, digits.start()) + moved + answer.substring(digits.end());
        }
        int choice = lastChoice(answer);
        if (choice >= 0) {
            char next = (char) ('A' + (answer.charAt(choice) - 'A' + 1) % 5);
            return answer.substring(0, choice) + next + answer.substring(choice + 1);
        }
        return answer + "+1";
    }

    // Decimal digit strings moved by a small step in place: BigInteger's parsing takes quadratic time, and
    // an answer may hold a million digits.
    private static String withoutLeadingZeros(String digits) {
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        return digits.substring(first);
    }

    private static String plus(String digits, int step) {
        char[] out = digits.toCharArray();
        int carry = step;
        for (int i = out.length - 1; i >= 0 && carry > 0; i--) {
            int sum = out[i] - '0' + carry;
            out[i] = (char) ('0' + sum % 10);
            carry = sum / 10;
        }
        return carry > 0 ? carry + new String(out) : new String(out);
    }

    /** {@code digits − step}, for a value larger than {@code step}. */
    private static String minus(String digits, int step) {
        char[] out = digits.toCharArray();
        int borrow = step;
        for (int i = out.length - 1; i >= 0 && borrow > 0; i--) {
            int difference = out[i] - '0' - borrow;
            borrow = difference < 0 ? 1 : 0;
            out[i] = (char) ('0' + (difference + 10) % 10);
        }
        return withoutLeadingZeros(new String(out));
    }

    /**
     * The index of the letter of the last "(A)" … "(E)" in a one-line answer, else -1: what the pattern
     * {@code (.*\()([A-E])(\).*)} found as its group 2, without its quadratic backtracking on a long
     * answer that ends in a line break.
     */
    private static int lastChoice(String answer) {
        if (answer.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029')) {
            return -1;
        }
        for (int open = answer.lastIndexOf('('); open >= 0; open = answer.lastIndexOf('(', open - 1)) {
            if (open + 2 < answer.length() && answer.charAt(open + 1) >= 'A' && answer.charAt(open + 1) <= 'E'
                    && answer.charAt(open + 2) == ')') {
                return open + 1;
            }
        }
        return -1;
    }
}
