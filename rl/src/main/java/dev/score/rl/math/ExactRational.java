package dev.score.rl.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A number written as an integer, a decimal, {@code \frac{p}{q}} or {@code p/q}, held exactly as a
 * reduced fraction, so that 0.5, 1/2 and \frac{1}{2} compare equal and 0.333 and \frac{1}{3} do not
 * (a double would blur both). The MATH benchmark compares strings only; this is the project's bonus.
 */
record ExactRational(BigInteger numerator, BigInteger denominator) {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)");
    /** Longer strings are not read as numbers: an answer is short, and a huge one costs time. */
    private static final int MAX_LENGTH = 200;

    ExactRational {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (gcd.signum() > 0 && !gcd.equals(BigInteger.ONE)) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
    }

    /** The value of a normalized answer, or {@code null} when it is not one of the forms above. */
    static ExactRational parse(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        boolean negative = s.charAt(0) == '-';
        String body = negative || s.charAt(0) == '+' ? s.substring(1) : s;
        ExactRational value = body.startsWith("\\frac{") ? parseFrac(body) : parseSlashOrDecimal(body);
        return value == null || !negative ? value : value.negate();
    }

    private static ExactRational parseFrac(String s) {
        int open = "\\frac".length();
        int close = Braces.matching(s, open, s.length());
        if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != '{'
                || Braces.matching(s, close + 1, s.length()) != s.length() - 1) {
            return null;
        }
        return divide(decimal(s.substring(open + 1, close)), decimal(s.substring(close + 2, s.length() - 1)));
    }

    private static ExactRational parseSlashOrDecimal(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return decimal(s);
        }
        return divide(decimal(s.substring(0, slash)), decimal(s.substring(slash + 1)));
    }

    private static ExactRational decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        BigDecimal value = new BigDecimal(s);
        BigInteger unscaled = value.unscaledValue();
        int scale = value.scale();
        return scale >= 0
                ? new ExactRational(unscaled, BigInteger.TEN.pow(scale))
                : new ExactRational(unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    private static ExactRational divide(ExactRational p, ExactRational q) {
        if (p == null || q == null || q.numerator.signum() == 0) {
            return null;
        }
        BigInteger numerator = p.numerator.multiply(q.denominator);
        BigInteger denominator = p.denominator.multiply(q.numerator);
        return denominator.signum() < 0
                ? new ExactRational(numerator.negate(), denominator.negate())
                : new ExactRational(numerator, denominator);
    }

    ExactRational negate() {
        return new ExactRational(numerator.negate(), denominator);
    }

    boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    /** The canonical spelling: an integer, or a reduced {@code \frac} with the sign in front. */
    String toTex() {
        if (isInteger()) {
            return numerator.toString();
        }
        String sign = numerator.signum() < 0 ? "-" : "";
        return sign + "\\frac{" + numerator.abs() + "}{" + denominator + "}";
    }
}
