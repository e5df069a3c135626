package dev.score.rl.math;

/**
 * One line of a worked solution, {@code prefix + left op right = result} (for example {@code 3x=26-5=21}).
 * A step that moves a term across an equation's sign ({@code movesTerm}) is where a sign slip can happen.
 */
record SolutionStep(String prefix, Operand left, char op, Operand right, boolean movesTerm) {

    static SolutionStep of(Operand left, char op, Operand right) {
        return new SolutionStep("", left, op, right, false);
    }

    /** The line for these operand values and this (possibly slipped) operator and result. */
    String render(Rational a, char shownOp, Rational b, Rational result) {
        String expression = a + String.valueOf(shownOp) + b;
        // A division that does not come out even is left as the fraction itself: "x=31/3", not "x=31/3=31/3".
        if (expression.equals(result.toString())) {
            return prefix + expression;
        }
        return prefix + expression + "=" + result;
    }
}
