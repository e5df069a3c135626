package dev.score.rl.code;

import static dev.score.rl.code.Draw.between;
import static dev.score.rl.code.Draw.intArg;
import static dev.score.rl.code.Draw.ints;
import static dev.score.rl.code.ProblemSpec.returning;

import java.util.List;

/** Level 1: arithmetic on one integer x. */
final class ArithmeticTemplates {
    private ArithmeticTemplates() {
    }

    static final List<ProblemTemplate> ALL = List.of(
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 1, 99);
                return returning("x", a + " times x plus " + b, a + " * x + " + b,
                        (r, t) -> ints(between(r, -20, 40)), args -> Value.of(a * intArg(args, 0) + b));
            },
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 1, 99);
                return returning("x", a + " times x minus " + b, a + " * x - " + b,
                        (r, t) -> ints(between(r, -20, 40)), args -> Value.of(a * intArg(args, 0) - b));
            },
            rng -> {
                long a = between(rng, 2, 20);
                long b = between(rng, 1, 99);
                return returning("x", a + " times the sum of x and " + b, a + " * (x + " + b + ")",
                        (r, t) -> ints(between(r, -20, 40)), args -> Value.of(a * (intArg(args, 0) + b)));
            },
            rng -> {
                long b = between(rng, 1, 99);
                return returning("x", "the square of x plus " + b, "x * x + " + b,
                        (r, t) -> ints(between(r, -20, 20)), args -> Value.of(intArg(args, 0) * intArg(args, 0) + b));
            },
            rng -> {
                long b = between(rng, 1, 99);
                return returning("x", "the cube of x minus " + b, "x * x * x - " + b,
                        (r, t) -> ints(between(r, -10, 10)), args -> {
                            long x = intArg(args, 0);
                            return Value.of(x * x * x - b);
                        });
            },
            rng -> {
                long b = between(rng, 1, 99);
                return returning("x", b + " minus x", b + " - x",
                        (r, t) -> ints(between(r, -20, 120)), args -> Value.of(b - intArg(args, 0)));
            },
            rng -> {
                long a = between(rng, 2, 30);
                return returning("x", "x divided by " + a + ", rounded down", "x / " + a,
                        (r, t) -> ints(between(r, 0, 200)), args -> Value.of(Math.floorDiv(intArg(args, 0), a)));
            },
            rng -> {
                long a = between(rng, 2, 30);
                return returning("x", "the remainder of x divided by " + a, "x % " + a,
                        (r, t) -> ints(between(r, 0, 200)), args -> Value.of(Math.floorMod(intArg(args, 0), a)));
            });
}
