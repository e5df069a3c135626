package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The problems of a split for a task whose every problem is a pure function of its own seed: seeds drawn
 * from the run's seed, each problem kept when its statement falls in the split and is new; its id holds the
 * seed, so the problem can be rebuilt from the id alone. A family with
 * few distinct problems runs out: after {@value #MAX_MISSES} draws in a row that give nothing new, the list
 * ends short.
 */
final class SeededProblems {
    private static final int MAX_MISSES = 20_000;

    private SeededProblems() {
    }

    /** The id of the problem drawn from {@code seed}: the task's prefix and the seed in hex. */
    static String id(String prefix, long seed) {
        return prefix + Long.toHexString(seed);
    }

    /** The seed a problem of this family was drawn from, read back from its {@link #id}. */
    static long seedOf(Problem problem, String prefix) {
        if (!problem.id().startsWith(prefix)) {
            throw new IllegalArgumentException("not a generated problem of this task (" + prefix + "…): "
                    + problem.id());
        }
        return Long.parseUnsignedLong(problem.id().substring(prefix.length()), 16);
    }

    static List<Problem> draw(Split split, int count, long seed, LongFunction<Problem> problemOfSeed) {
        Rng rng = new Rng(seed);
        List<Problem> problems = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int misses = 0; problems.size() < count && misses < MAX_MISSES; ) {
            Problem problem = problemOfSeed.apply(rng.nextLong());
            if (Split.of(problem.statement()) == split && seen.add(problem.statement())) {
                problems.add(problem);
                misses = 0;
            } else {
                misses++;
            }
        }
        return problems;
    }
}
