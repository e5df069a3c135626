package dev.score.rl.code;

import static dev.score.rl.code.Draw.between;
import static dev.score.rl.code.Draw.intArg;
import static dev.score.rl.code.Draw.ints;
import static dev.score.rl.code.ProblemSpec.returning;

import java.util.List;

/** Level 3: two integer arguments and modular arithmetic. */
final class TwoArgumentTemplates {
    private TwoArgumentTemplates() {
    }

    static final List<ProblemTemplate> ALL = List.of(
            rng -> {
                long a = between(rng, 2, 30);
                return returning("x, y", "the sum of x and y modulo " + a, "(x + y) % " + a,
                        (r, t) -> ints(between(r, 0, 100), between(r, 0, 100)),
                        args -> Value.of(Math.floorMod(intArg(args, 0) + intArg(args, 1), a)));
            },
            rng -> {
                long a = between(rng, 2, 30);
                return returning("x, y", "the product of x and y modulo " + a, "x * y % " + a,
                        (r, t) -> ints(between(r, 0, 100), between(r, 0, 100)),
                        args -> Value.of(Math.floorMod(intArg(args, 0) * intArg(args, 1), a)));
            },
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 2, 20);
                return returning("x, y", a + " times x plus " + b + " times y", a + " * x + " + b + " * y",
                        (r, t) -> ints(between(r, -20, 40), between(r, -20, 40)),
                        args -> Value.of(a * intArg(args, 0) + b * intArg(args, 1)));
            },
            rng -> {
                long a = between(rng, 2, 30);
                return returning("x, y", "x minus y, modulo " + a, "(x - y) % " + a,
                        (r, t) -> {
                            long x = between(r, 0, 100);
                            // Test 0 has x < y, where floor modulo differs from a truncating remainder.
                            return ints(x, t == 0 ? x + between(r, 1, 50) : between(r, 0, 100));
                        },
                        args -> Value.of(Math.floorMod(intArg(args, 0) - intArg(args, 1), a)));
            },
            rng -> {
                long a = between(rng, 2, 12);
                return returning("x, y", "true if x and y leave the same remainder when divided by " + a + ", otherwise false",
                        "x % " + a + " == y % " + a,
                        (r, t) -> {
                            long x = between(r, 0, 100);
                            return ints(x, t == 0 ? x + a * between(r, 1, 5) : t == 1 ? x + a * between(r, 0, 5) + between(r, 1, a - 1)
                                    : between(r, 0, 100));
                        },
                        args -> Value.of(intArg(args, 0) % a == intArg(args, 1) % a));
            },
            rng -> {
                long a = between(rng, 1, 50);
                return returning("x, y", "the larger of x and y, plus " + a, "max(x, y) + " + a,
                        (r, t) -> {
                            long x = between(r, -20, 60);
                            return ints(x, t == 0 ? x - between(r, 1, 20) : x + between(r, 1, 20));
                        },
                        args -> Value.of(Math.max(intArg(args, 0), intArg(args, 1)) + a));
            },
            rng -> {
                long a = between(rng, 2, 12);
                return returning("x, y", "true if x plus y is divisible by " + a + ", otherwise false", "(x + y) % " + a + " == 0",
                        (r, t) -> {
                            long x = between(r, 0, 100);
                            return ints(x, t == 0 ? a * between(r, 0, 20) + Math.floorMod(-x, a) : between(r, 0, 100));
                        },
                        args -> Value.of((intArg(args, 0) + intArg(args, 1)) % a == 0));
            },
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 2, 30);
                return returning("x, y", "the remainder of " + a + " times x plus y, divided by " + b, "(" + a + " * x + y) % " + b,
                        (r, t) -> ints(between(r, 0, 100), between(r, 0, 100)),
                        args -> Value.of(Math.floorMod(a * intArg(args, 0) + intArg(args, 1), b)));
            },
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 2, 20);
                return returning("x, y", a + " times x minus " + b + " times y", a + " * x - " + b + " * y",
                        (r, t) -> ints(between(r, -20, 40), between(r, -20, 40)),
                        args -> Value.of(a * intArg(args, 0) - b * intArg(args, 1)));
            },
            rng -> {
                long a = between(rng, 1, 30);
                long b = between(rng, 2, 30);
                return returning("x, y", "the remainder of x times y plus " + a + ", divided by " + b, "(x * y + " + a + ") % " + b,
                        (r, t) -> ints(between(r, 0, 100), between(r, 0, 100)),
                        args -> Value.of(Math.floorMod(intArg(args, 0) * intArg(args, 1) + a, b)));
            });
}
