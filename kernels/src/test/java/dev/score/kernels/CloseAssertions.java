package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Elementwise closeness with a mixed tolerance: {@code |actual − expected| ≤ atol + rtol·|expected|},
 * the expected side being the reference. A failure names the worst element (the one furthest past
 * its own bound), so that a broken tail or a broken row is easy to spot.
 */
public final class CloseAssertions {

    private CloseAssertions() {
    }

    public static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " elements, got " + actual.length);
        }
        int worst = -1;
        double worstExcess = 1.0;
        int violations = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                if (Double.compare(e, a) != 0) {
                    fail(what + ": at index " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            double excess = Math.abs(a - e) / (atol + rtol * Math.abs(e));
            if (excess > 1.0) {
                violations++;
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = i;
                }
            }
        }
        if (worst >= 0) {
            fail(String.format("%s: %d of %d elements outside atol %.1e + rtol %.1e·|ref|; worst at index %d: "
                    + "expected %.9g but was %.9g (|diff| %.3e, %.1f× its bound)",
                    what, violations, expected.length, atol, rtol, worst, expected[worst], actual[worst],
                    Math.abs(actual[worst] - expected[worst]), worstExcess));
        }
    }

    public static void assertClose(double expected, double actual, double atol, double rtol, String what) {
        if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
            fail(String.format("%s: expected %.12g but was %.12g (|diff| %.3e, bound atol %.1e + rtol %.1e·|ref|)",
                    what, expected, actual, Math.abs(actual - expected), atol, rtol));
        }
    }
}
