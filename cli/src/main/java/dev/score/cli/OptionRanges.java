package dev.score.cli;

import java.lang.reflect.Field;
import java.util.Locale;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks every option annotated with {@link Range} on the parsed command and its parents, so that an
 * absurd value ({@code --problems 2147483647}, {@code --temperature NaN}) is refused as a usage error
 * before anything is allocated or computed.
 */
final class OptionRanges {
    private OptionRanges() {
    }

    static void check(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            for (OptionSpec option : level.commandSpec().options()) {
                if (option.userObject() instanceof Field field && field.isAnnotationPresent(Range.class)
                        && option.getValue() instanceof Number value) {
                    String problem = problem(field.getAnnotation(Range.class), value);
                    if (problem != null) {
                        throw new ParameterException(level.commandSpec().commandLine(),
                                option.longestName() + " " + value + ": " + problem);
                    }
                }
            }
        }
    }

    /** Why {@code value} is outside {@code range}, or null when it is inside. */
    static String problem(Range range, Number value) {
        double v = value.doubleValue();
        boolean aboveMin = range.minExclusive() ? v > range.min() : v >= range.min();
        // Written so that NaN fails both comparisons and is refused.
        if (aboveMin && v <= range.max()) {
            return null;
        }
        return "expected " + describe(range, value) + (range.why().isEmpty() ? "" : " (" + range.why() + ")");
    }

    /** The range as a reader writes it: {@code 1 to 100000}, {@code > 0 and ≤ 100}. */
    static String describe(Range range, Number kind) {
        boolean whole = !(kind instanceof Double || kind instanceof Float);
        String min = number(range.min(), whole);
        String max = number(range.max(), whole);
        if (range.minExclusive()) {
            return "a number > " + min + " and ≤ " + max;
        }
        return (whole ? "a whole number from " : "a number from ") + min + " to " + max;
    }

    private static String number(double value, boolean whole) {
        if (whole || value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }
}
