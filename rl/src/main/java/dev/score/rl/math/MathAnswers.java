package dev.score.rl.math;

/**
 * Reading and comparing final answers of math solutions, by the MATH benchmark's conventions (see
 * SCORE.md, "Answer-checking conventions"). Every method is null-safe and never throws: model output
 * is arbitrary text.
 */
public final class MathAnswers {

    private MathAnswers() {}

    /**
     * The final answer of a solution: what follows the last "The final answer is" on its line (without
     * a closing period, the {@code $…$} around it, Minerva's "I hope it is correct." or a box around
     * it), else the content of the last {@code \boxed{…}} or {@code \fbox{…}}; {@code null} when there
     * is neither, or the last box never closes.
     */
    public static String extract(String solution) {
        AnswerSpan span = FinalAnswerLocator.locate(solution);
        return span == null ? null : span.of(solution);
    }

    /**
     * The content of the last {@code \boxed{…}} or {@code \fbox{…}}, brace-matched, ignoring any
     * final-answer line: how the MATH data set marks a reference solution's answer.
     */
    public static String lastBoxed(String solution) {
        AnswerSpan span = FinalAnswerLocator.lastBoxed(solution);
        return span == null ? null : span.of(solution);
    }

    /** The MATH benchmark's normalized form of an answer ({@code null} for {@code null}). */
    public static String normalize(String answer) {
        return AnswerNormalizer.normalize(answer);
    }

    /**
     * Whether two answers are the same: equal after normalization, or both exact rationals of equal
     * value (0.5, 1/2 and \frac{1}{2}; 3 and 3.0). Anything else compares by normalized string only, and
     * an answer that is missing or normalizes to nothing equals nothing.
     */
    public static boolean equivalent(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x == null || y == null || x.isEmpty() || y.isEmpty()) {
            return false;
        }
        if (x.equals(y)) {
            return true;
        }
        ExactRational p = ExactRational.parse(x);
        return p != null && p.equals(ExactRational.parse(y));
    }

    /**
     * The normalized answer, with a number spelled one way (an integer or a reduced {@code \frac}), so
     * that equivalent numeric answers give equal strings: 0.5, 1/2 and \frac{2}{4} are all
     * {@code \frac{1}{2}}. {@code null} for a missing or empty answer.
     */
    public static String canonical(String answer) {
        String normalized = normalize(answer);
        if (normalized == null || normalized.isEmpty()) {
            return null;
        }
        ExactRational value = ExactRational.parse(normalized);
        return value == null ? normalized : value.toTex();
    }
}
