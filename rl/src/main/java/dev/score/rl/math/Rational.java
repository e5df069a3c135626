package dev.score.rl.math;

/**
 * An exact fraction in lowest terms with a positive denominator: the values a worked solution computes.
 * Correct solutions stay integral; a flawed step (a sign slip before a division) can leave a fraction.
 */
record Rational(long numerator, long denominator) {
    Rational {
        if (denominator == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (denominator < 0) {
            numerator = -numerator;
            denominator = -denominator;
        }
        long g = gcd(Math.abs(numerator), denominator);
        numerator /= g;
        denominator /= g;
    }

    static Rational of(long value) {
        return new Rational(value, 1);
    }

    boolean isInteger() {
        return denominator == 1;
    }

    Rational apply(char op, Rational other) {
        return switch (op) {
            case '+' -> new Rational(Math.addExact(Math.multiplyExact(numerator, other.denominator),
                    Math.multiplyExact(other.numerator, denominator)), Math.multiplyExact(denominator, other.denominator));
            case '-' -> apply('+', new Rational(-other.numerator, other.denominator));
            case '*' -> new Rational(Math.multiplyExact(numerator, other.numerator),
                    Math.multiplyExact(denominator, other.denominator));
            case '/' -> new Rational(Math.multiplyExact(numerator, other.denominator),
                    Math.multiplyExact(denominator, other.numerator));
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    /** {@code 7}, {@code -3} or {@code 31/3}: the way the solutions write numbers. */
    @Override
    public String toString() {
        return isInteger() ? Long.toString(numerator) : numerator + "/" + denominator;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a == 0 ? 1 : a;
    }
}
