package dev.score.rl.math;

/**
 * The systematic mistakes of a careless solver, each a misunderstanding a student makes: adding or
 * multiplying without carrying, subtracting the smaller digit from the larger in every column instead of
 * borrowing, and moving a term across the equals sign without flipping its sign. A slip is only possible
 * where it changes the result (a sum with no carry has nothing to forget).
 */
final class Slips {
    /** The operator a line shows and the result it claims. */
    record Outcome(char op, Rational result) {
    }

    private Slips() {
    }

    /** The slipped outcome of {@code a op b} in {@code step}, or {@code null} when no slip applies. */
    static Outcome of(SolutionStep step, Rational a, Rational b) {
        if (step.movesTerm()) {
            char flipped = step.op() == '+' ? '-' : '+';
            return new Outcome(flipped, a.apply(flipped, b));
        }
        if (!a.isInteger() || !b.isInteger() || a.numerator() < 0 || b.numerator() < 0) {
            return null;
        }
        long x = a.numerator();
        long y = b.numerator();
        Long wrong = switch (step.op()) {
            case '+' -> sumWithoutCarry(x, y);
            case '-' -> x > y ? differenceWithoutBorrow(x, y) : null;
            case '*' -> y < 10 ? productWithoutCarry(x, y) : x < 10 ? productWithoutCarry(y, x) : null;
            default -> null;
        };
        if (wrong == null || wrong == a.apply(step.op(), b).numerator()) {
            return null;
        }
        return new Outcome(step.op(), Rational.of(wrong));
    }

    /**
     * Whether the slip possible at {@code step} is a hard one, where the careless solver usually goes wrong:
     * a carry out of a units sum of 14 or more, a borrow where the subtrahend's units digit exceeds the
     * minuend's by 4 or more, and a sign to flip on a term of 6 or more. Easy traps it usually gets right.
     */
    static boolean isHard(SolutionStep step, Rational a, Rational b) {
        if (step.movesTerm()) {
            return b.numerator() >= 6;
        }
        long x = a.numerator();
        long y = b.numerator();
        return switch (step.op()) {
            case '+' -> x % 10 + y % 10 >= 14;
            case '-' -> y % 10 - x % 10 >= 4;
            default -> false;
        };
    }

    /** 48+37 → 75: each column's digit sum mod 10, the carries dropped. */
    private static long sumWithoutCarry(long x, long y) {
        long result = 0;
        for (long place = 1; x > 0 || y > 0; place *= 10, x /= 10, y /= 10) {
            result += ((x % 10 + y % 10) % 10) * place;
        }
        return result;
    }

    /** 52-17 → 45: in every column the smaller digit is taken from the larger. */
    private static long differenceWithoutBorrow(long x, long y) {
        long result = 0;
        for (long place = 1; x > 0 || y > 0; place *= 10, x /= 10, y /= 10) {
            result += Math.abs(x % 10 - y % 10) * place;
        }
        return result;
    }

    /** 23*4 (or 4*23) → 82: each digit times the multiplier mod 10, the carries dropped (the top digit keeps its carry). */
    private static long productWithoutCarry(long x, long digit) {
        long result = 0;
        for (long place = 1; x > 0; place *= 10, x /= 10) {
            long product = (x % 10) * digit;
            result += (x >= 10 ? product % 10 : product) * place;
        }
        return result;
    }
}
