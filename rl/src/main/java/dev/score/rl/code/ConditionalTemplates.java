package dev.score.rl.code;

import static dev.score.rl.code.Draw.between;
import static dev.score.rl.code.Draw.intArg;
import static dev.score.rl.code.Draw.ints;
import static dev.score.rl.code.ProblemSpec.returning;

import dev.score.engine.Rng;
import java.util.List;

/**
 * Level 2: conditionals, abs, min and max on one integer. Test 0 falls below the threshold and test 1
 * above it, so a program that ignores the condition fails.
 */
final class ConditionalTemplates {
    private ConditionalTemplates() {
    }

    static final List<ProblemTemplate> ALL = List.of(
            rng -> {
                long a = between(rng, 0, 50);
                return returning("x", "the distance between x and " + a, "abs(x - " + a + ")",
                        (r, t) -> ints(around(r, t, a)), args -> Value.of(Math.abs(intArg(args, 0) - a)));
            },
            rng -> {
                long a = between(rng, 0, 50);
                return returning("x", "the larger of x and " + a, "max(x, " + a + ")",
                        (r, t) -> ints(around(r, t, a)), args -> Value.of(Math.max(intArg(args, 0), a)));
            },
            rng -> {
                long a = between(rng, 0, 50);
                return returning("x", "the smaller of x and " + a, "min(x, " + a + ")",
                        (r, t) -> ints(around(r, t, a)), args -> Value.of(Math.min(intArg(args, 0), a)));
            },
            rng -> {
                long a = between(rng, 0, 30);
                long b = between(rng, 0, 9);
                long c = (b + between(rng, 1, 9)) % 10;
                return returning("x", b + " if x is less than " + a + ", otherwise " + c,
                        "if x < " + a + " then " + b + " else " + c,
                        (r, t) -> ints(around(r, t, a)), args -> Value.of(intArg(args, 0) < a ? b : c));
            },
            rng -> {
                long a = between(rng, 2, 9);
                long b = between(rng, 1, 20);
                return returning("x", "x divided by " + a + " if x is divisible by " + a + ", otherwise x plus " + b,
                        "if x % " + a + " == 0 then x / " + a + " else x + " + b,
                        (r, t) -> ints(t == 0 ? a * between(r, 0, 12) : t == 1 ? a * between(r, 0, 12) + between(r, 1, a - 1)
                                : between(r, 0, 100)),
                        args -> {
                            long x = intArg(args, 0);
                            return Value.of(x % a == 0 ? x / a : x + b);
                        });
            },
            rng -> {
                long a = between(rng, 0, 50);
                return returning("x", "true if x is greater than " + a + ", otherwise false", "x > " + a,
                        (r, t) -> ints(t == 0 ? a : around(r, t, a)), args -> Value.of(intArg(args, 0) > a));
            },
            rng -> {
                long a = between(rng, 0, 20);
                long b = a + between(rng, 2, 30);
                return returning("x", "x clamped to the range from " + a + " to " + b, "max(" + a + ", min(x, " + b + "))",
                        (r, t) -> ints(t == 0 ? a - between(r, 1, 10) : t == 1 ? b + between(r, 1, 10) : between(r, a + 1, b - 1)),
                        args -> Value.of(Math.max(a, Math.min(intArg(args, 0), b))));
            },
            rng -> {
                long a = between(rng, 0, 30);
                return returning("x", "true if x is even and greater than " + a + ", otherwise false",
                        "x % 2 == 0 and x > " + a,
                        (r, t) -> ints(switch (t) {
                            case 0 -> a + 2 - a % 2 + 2 * between(r, 0, 5);
                            case 1 -> a + 1 + a % 2 + 2 * between(r, 0, 5);
                            default -> a - a % 2 - 2 * between(r, 0, 5);
                        }),
                        args -> {
                            long x = intArg(args, 0);
                            return Value.of(x % 2 == 0 && x > a);
                        });
            });

    /** Test 0 below {@code threshold}, test 1 above it, test 2 anywhere near it. */
    static long around(Rng rng, int test, long threshold) {
        return switch (test) {
            case 0 -> threshold - between(rng, 1, 15);
            case 1 -> threshold + between(rng, 1, 15);
            default -> threshold + between(rng, -15, 15);
        };
    }
}
