package dev.score.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, {@code [min, max]} ({@code (min, max]} with {@code minExclusive}),
 * checked by {@link OptionRanges} once the command line is parsed, before a command does any work. NaN is
 * never in range; infinities only where a bound is infinite. {@code why} says what the bound protects
 * (memory, time) in the error.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
    double min();

    double max();

    boolean minExclusive() default false;

    String why() default "";
}
