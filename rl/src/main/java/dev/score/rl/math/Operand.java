package dev.score.rl.math;

/** An operand of a solution step: a number from the problem, or the result of an earlier step. */
sealed interface Operand {
    Rational value(Rational[] results);

    record Constant(long number) implements Operand {
        @Override
        public Rational value(Rational[] results) {
            return Rational.of(number);
        }
    }

    record Earlier(int step) implements Operand {
        @Override
        public Rational value(Rational[] results) {
            return results[step];
        }
    }
}
