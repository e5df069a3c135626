package dev.score.rl.code;

import static dev.score.rl.code.Draw.between;
import static dev.score.rl.code.Draw.intArg;
import static dev.score.rl.code.Draw.ints;
import static dev.score.rl.code.Draw.list;
import static dev.score.rl.code.Draw.listArg;
import static dev.score.rl.code.Draw.oneList;
import static dev.score.rl.code.ProblemSpec.returning;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;

/** Level 5: combinations (filter then map then sum), positions, reversal, and recursion. */
final class CompositeTemplates {
    private CompositeTemplates() {
    }

    static final List<ProblemTemplate> ALL = List.of(
            rng -> {
                long a = between(rng, 2, 9);
                long c = between(rng, 0, a - 1);
                return returning("xs", "the sum of the squares of the elements of xs that leave remainder " + c
                                + " when divided by " + a, "sum([x * x for x in xs if x % " + a + " == " + c + "])",
                        (r, t) -> {
                            long[] xs = list(r, 3, 8, 0, 30);
                            // Tests 0 and 1 hold an element that counts, so the sum is not trivially 0.
                            if (t < 2) {
                                xs[(int) between(r, 0, xs.length - 1)] = c + a * between(r, 0, 3);
                            }
                            return oneList(xs);
                        },
                        args -> Value.of(Arrays.stream(listArg(args, 0)).filter(x -> x % a == c).map(x -> x * x).sum()));
            },
            rng -> {
                long a = between(rng, 1, 40);
                return reversed("with " + a + " added to each element", "xs[0] + " + a, x -> x + a);
            },
            rng -> {
                long a = between(rng, 2, 20);
                return reversed("with each element multiplied by " + a, "xs[0] * " + a, x -> x * a);
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, 1, 20);
                return reversed("with each element multiplied by " + a + " and then increased by " + b,
                        "xs[0] * " + a + " + " + b, x -> x * a + b);
            },
            rng -> {
                long a = between(rng, 0, 9);
                long b = between(rng, 1, 9);
                return new ProblemSpec("Write f(n) where f(0) = " + a + ", f(1) = " + b
                        + " and f(n) = f(n - 1) + f(n - 2) for n greater than 1.",
                        "f(n) = if n == 0 then " + a + " else if n == 1 then " + b + " else f(n - 1) + f(n - 2)",
                        (r, t) -> ints(t == 0 ? between(r, 0, 1) : between(r, 2, 12)), args -> {
                            long previous = a;
                            long current = b;
                            long n = intArg(args, 0);
                            if (n == 0) {
                                return Value.of(a);
                            }
                            for (long i = 1; i < n; i++) {
                                long next = previous + current;
                                previous = current;
                                current = next;
                            }
                            return Value.of(current);
                        });
            },
            rng -> {
                long a = between(rng, 2, 10);
                return returning("n", "the sum of the digits of n written in base " + a,
                        "if n < " + a + " then n else n % " + a + " + f(n / " + a + ")",
                        (r, t) -> ints(between(r, 0, 5000)), args -> {
                            long sum = 0;
                            for (long n = intArg(args, 0); n > 0; n /= a) {
                                sum += n % a;
                            }
                            return Value.of(sum);
                        });
            },
            rng -> {
                long a = between(rng, 2, 10);
                return returning("n", "the number of digits of n written in base " + a,
                        "if n < " + a + " then 1 else 1 + f(n / " + a + ")",
                        (r, t) -> ints(t == 0 ? between(r, 0, a - 1) : between(r, 0, 5000)), args -> {
                            long digits = 1;
                            for (long n = intArg(args, 0); n >= a; n /= a) {
                                digits++;
                            }
                            return Value.of(digits);
                        });
            },
            rng -> {
                long a = between(rng, 0, 20);
                long b = between(rng, 2, 5);
                long c = between(rng, 0, 20);
                return new ProblemSpec("Write f(n) where f(0) = " + a + " and f(n) = " + b + " times f(n - 1) plus " + c
                        + " for n greater than 0.", "f(n) = if n == 0 then " + a + " else " + b + " * f(n - 1) + " + c,
                        (r, t) -> ints(t == 0 ? 0 : between(r, 1, 10)), args -> {
                            long value = a;
                            for (long n = intArg(args, 0); n > 0; n--) {
                                value = b * value + c;
                            }
                            return Value.of(value);
                        });
            },
            rng -> {
                long a = between(rng, 2, 12);
                return returning("n", "the sum of the multiples of " + a + " from 1 to n",
                        "sum([i for i in range(1, n + 1) if i % " + a + " == 0])",
                        (r, t) -> ints(between(r, 0, 60)), args -> Value.of(multiplesUpTo(intArg(args, 0), a)));
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, 1, 20);
                return returning("n", "the sum of the multiples of " + a + " from " + b + " to n",
                        "sum([i for i in range(" + b + ", n + 1) if i % " + a + " == 0])",
                        (r, t) -> ints(t == 0 ? between(r, b, b + 60) : between(r, 0, 80)),
                        args -> Value.of(Math.max(0, multiplesUpTo(intArg(args, 0), a) - multiplesUpTo(b - 1, a))));
            },
            rng -> {
                long a = between(rng, 1, 20);
                return returning("xs", a + " times the product of the elements of xs",
                        "if xs == [] then " + a + " else xs[0] * f(xs[1:])",
                        (r, t) -> oneList(list(r, t < 2 ? 2 : 0, 6, -5, 5)),
                        args -> Value.of(Arrays.stream(listArg(args, 0)).reduce(a, (p, x) -> p * x)));
            },
            rng -> {
                long a = between(rng, 1, 20);
                return returning("xs", a + " times the sum of the elements of xs at even positions, counting from 0",
                        a + " * sum([xs[i] for i in range(len(xs)) if i % 2 == 0])",
                        (r, t) -> oneList(list(r, t < 2 ? 3 : 0, 8, -10, 30)), args -> {
                            long[] xs = listArg(args, 0);
                            return Value.of(a * IntStream.range(0, xs.length).filter(i -> i % 2 == 0).mapToLong(i -> xs[i]).sum());
                        });
            },
            rng -> {
                long a = between(rng, 2, 20);
                return returning("xs, k", "the elements of xs greater than k, each multiplied by " + a,
                        "[x * " + a + " for x in xs if x > k]",
                        (r, t) -> List.of(Value.of(list(r, 3, 8, -10, 30)), Value.of(between(r, -5, 20))),
                        args -> {
                            long k = intArg(args, 1);
                            return Value.of(Arrays.stream(listArg(args, 0)).filter(x -> x > k).map(x -> x * a).toArray());
                        });
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, 1, 20);
                return returning("xs, k", "the elements of xs greater than k, each multiplied by " + a + " and then increased by " + b,
                        "[x * " + a + " + " + b + " for x in xs if x > k]",
                        (r, t) -> List.of(Value.of(list(r, 3, 8, -10, 30)), Value.of(between(r, -5, 20))),
                        args -> {
                            long k = intArg(args, 1);
                            return Value.of(Arrays.stream(listArg(args, 0)).filter(x -> x > k).map(x -> x * a + b).toArray());
                        });
            });

    /** The sum of the multiples of {@code a} in 1..n (0 when n < 1). */
    private static long multiplesUpTo(long n, long a) {
        long k = Math.max(0, n) / a;
        return a * k * (k + 1) / 2;
    }

    /** The list reversed with each element transformed, written as a recursion on the tail. */
    private static ProblemSpec reversed(String transformation, String lastElement, LongUnaryOperator transform) {
        return returning("xs", "xs reversed, " + transformation,
                "if xs == [] then [] else f(xs[1:]) + [" + lastElement + "]",
                (r, t) -> oneList(list(r, t < 2 ? 2 : 0, 8, -10, 30)), args -> {
                    long[] xs = listArg(args, 0);
                    long[] out = new long[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        out[xs.length - 1 - i] = transform.applyAsLong(xs[i]);
                    }
                    return Value.of(out);
                });
    }
}
