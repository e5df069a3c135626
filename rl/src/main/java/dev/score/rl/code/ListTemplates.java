package dev.score.rl.code;

import static dev.score.rl.code.Draw.between;
import static dev.score.rl.code.Draw.list;
import static dev.score.rl.code.Draw.listArg;
import static dev.score.rl.code.Draw.oneList;
import static dev.score.rl.code.ProblemSpec.returning;

import dev.score.engine.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/** Level 4: one list of integers xs; sums, counts, filters and maps. */
final class ListTemplates {
    private ListTemplates() {
    }

    static final List<ProblemTemplate> ALL = List.of(
            rng -> {
                long a = between(rng, 2, 50);
                return returning("xs", a + " times the sum of xs", a + " * sum(xs)",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(a * Arrays.stream(listArg(args, 0)).sum()));
            },
            rng -> {
                long a = between(rng, 1, 30);
                return returning("xs", "the sum of xs plus " + a + " times the length of xs", "sum(xs) + " + a + " * len(xs)",
                        (r, t) -> oneList(someList(r, t)), args -> {
                            long[] xs = listArg(args, 0);
                            return Value.of(Arrays.stream(xs).sum() + a * xs.length);
                        });
            },
            rng -> {
                long a = between(rng, 0, 25);
                return returning("xs", "how many elements of xs are greater than " + a, "len([x for x in xs if x > " + a + "])",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(count(listArg(args, 0), x -> x > a)));
            },
            rng -> {
                long a = between(rng, 2, 12);
                return returning("xs", "how many elements of xs are divisible by " + a, "len([x for x in xs if x % " + a + " == 0])",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(count(listArg(args, 0), x -> Math.floorMod(x, a) == 0)));
            },
            rng -> {
                long a = between(rng, 0, 25);
                return returning("xs", "the sum of the elements of xs that are less than " + a, "sum([x for x in xs if x < " + a + "])",
                        (r, t) -> oneList(someList(r, t)),
                        args -> Value.of(Arrays.stream(listArg(args, 0)).filter(x -> x < a).sum()));
            },
            rng -> {
                long a = between(rng, 0, 25);
                return returning("xs", "the elements of xs that are at least " + a, "[x for x in xs if x >= " + a + "]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(filter(listArg(args, 0), x -> x >= a)));
            },
            rng -> {
                long a = between(rng, 0, 20);
                return returning("xs", "xs without the elements equal to " + a, "[x for x in xs if x != " + a + "]",
                        (r, t) -> {
                            long[] xs = list(r, 2, 8, 0, 20);
                            if (t < 2) {
                                xs[(int) between(r, 0, xs.length - 1)] = a;
                            }
                            return oneList(xs);
                        },
                        args -> Value.of(filter(listArg(args, 0), x -> x != a)));
            },
            rng -> {
                long a = between(rng, 2, 30);
                return returning("xs", "the list of the elements of xs, each multiplied by " + a, "[x * " + a + " for x in xs]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(map(listArg(args, 0), x -> x * a)));
            },
            rng -> {
                long a = between(rng, 1, 50);
                return returning("xs", "the list of the elements of xs, each increased by " + a, "[x + " + a + " for x in xs]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(map(listArg(args, 0), x -> x + a)));
            },
            rng -> {
                long a = between(rng, 2, 12);
                return returning("xs", "the list of the remainders of the elements of xs divided by " + a, "[x % " + a + " for x in xs]",
                        (r, t) -> oneList(list(r, 1, 8, 0, 60)), args -> Value.of(map(listArg(args, 0), x -> Math.floorMod(x, a))));
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, 1, 30);
                return returning("xs", "the list of the elements of xs, each multiplied by " + a + " and then increased by " + b,
                        "[x * " + a + " + " + b + " for x in xs]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(map(listArg(args, 0), x -> x * a + b)));
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, -5, 25);
                return returning("xs", "the elements of xs greater than " + b + ", each multiplied by " + a,
                        "[x * " + a + " for x in xs if x > " + b + "]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(map(filter(listArg(args, 0), x -> x > b), x -> x * a)));
            },
            rng -> {
                long a = between(rng, -5, 15);
                long b = a + between(rng, 2, 15);
                return returning("xs", "the elements of xs that are greater than " + a + " and less than " + b,
                        "[x for x in xs if x > " + a + " and x < " + b + "]",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(filter(listArg(args, 0), x -> x > a && x < b)));
            },
            rng -> {
                long a = between(rng, -5, 15);
                long b = a + between(rng, 2, 15);
                return returning("xs", "the sum of the elements of xs that are greater than " + a + " and less than " + b,
                        "sum([x for x in xs if x > " + a + " and x < " + b + "])",
                        (r, t) -> oneList(someList(r, t)),
                        args -> Value.of(Arrays.stream(listArg(args, 0)).filter(x -> x > a && x < b).sum()));
            },
            rng -> {
                long a = between(rng, 2, 12);
                long b = between(rng, 0, a - 1);
                return returning("xs", "how many elements of xs leave remainder " + b + " when divided by " + a,
                        "len([x for x in xs if x % " + a + " == " + b + "])",
                        (r, t) -> oneList(someList(r, t)), args -> Value.of(count(listArg(args, 0), x -> Math.floorMod(x, a) == b)));
            });

    /** Tests 0 and 1 get lists of three or more elements; test 2 may get an empty list. */
    static long[] someList(Rng rng, int test) {
        return list(rng, test < 2 ? 3 : 0, 8, -10, 30);
    }

    static long count(long[] xs, LongPredicate keep) {
        return Arrays.stream(xs).filter(keep).count();
    }

    static long[] filter(long[] xs, LongPredicate keep) {
        return Arrays.stream(xs).filter(keep).toArray();
    }

    static long[] map(long[] xs, LongUnaryOperator f) {
        return Arrays.stream(xs).map(f).toArray();
    }
}
