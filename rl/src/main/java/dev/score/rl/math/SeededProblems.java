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
 * from the run's seed, each problem kept when its statement falls in the split and is new. A family with
 * few distinct problems runs out: after {@value #MAX_MISSES} draws in a row that give nothing new, the list
 * ends short.
 */
final class SeededProblems {
    private static final int MAX_MISSES = 20_000;

    private SeededProblems() {
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
