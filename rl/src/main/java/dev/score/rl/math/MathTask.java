package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in math task: the procedural problems of {@link MathProblemGenerator}, levels taken in turn so
 * every split holds them in equal shares, checked by the MATH conventions of {@link MathVerifier}.
 * A problem's id names its level and seed, so any problem can be rebuilt from its id alone.
 */
public final class MathTask extends MathAnswerTask {
    private static final String ID_PREFIX = "math-L";
    private static final int MAX_MISSES = 2000;

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        Rng rng = new Rng(seed);
        List<Problem> problems = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        // The easy levels hold only a few hundred distinct problems: a level that yields nothing new for
        // MAX_MISSES draws in a row is used up, and the others fill its share.
        int[] misses = new int[MathProblemGenerator.LEVELS + 1];
        int level = 1;
        while (problems.size() < count && level > 0) {
            WorkedProblem worked = MathProblemGenerator.generate(level, rng.nextLong());
            if (Split.of(worked.statement()) == split && seen.add(worked.statement())) {
                problems.add(toProblem(worked));
                misses[level] = 0;
                level = openLevelAfter(level, misses);
            } else if (++misses[level] >= MAX_MISSES) {
                level = openLevelAfter(level, misses);
            }
        }
        return problems;
    }

    /**
     * The careless solver usually falls into a hard trap and usually avoids an easy one: 1.6 and 0.4 times
     * the average rate (0.8 and 0.2 at 0.5). A model imitating it answers the easy problems right and the
     * hard ones wrong when decoding greedily, yet samples the right way through a hard trap often enough
     * for reinforcement learning to find it.
     */
    @Override
    public double flawRate(Problem problem, double averageRate) {
        return rebuild(problem).hasHardTrap() ? Math.min(1, 1.6 * averageRate) : 0.4 * averageRate;
    }

    /** The solution with one careless slip (see {@link Slips}) at a step where it changes the answer. */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        WorkedProblem worked = rebuild(problem);
        List<Integer> slippable = worked.slippableSteps();
        return worked.render(slippable.get(rng.nextInt(slippable.size())));
    }

    /** The next level after {@code previous}, in turn, that is not used up ({@code previous} last), or -1. */
    private static int openLevelAfter(int previous, int[] misses) {
        for (int i = 1; i <= MathProblemGenerator.LEVELS; i++) {
            int level = (previous + i - 1) % MathProblemGenerator.LEVELS + 1;
            if (misses[level] < MAX_MISSES) {
                return level;
            }
        }
        return -1;
    }

    private static Problem toProblem(WorkedProblem worked) {
        String id = ID_PREFIX + worked.level() + "-" + Long.toHexString(worked.seed());
        return new Problem(id, worked.level(), worked.statement(), worked.solution(), worked.answer().toString());
    }

    private static WorkedProblem rebuild(Problem problem) {
        String id = problem.id();
        int dash = id.indexOf('-', ID_PREFIX.length());
        if (!id.startsWith(ID_PREFIX) || dash < 0) {
            throw new IllegalArgumentException("not a generated math problem: " + id);
        }
        int level = Integer.parseInt(id.substring(ID_PREFIX.length(), dash));
        return MathProblemGenerator.generate(level, Long.parseUnsignedLong(id.substring(dash + 1), 16));
    }
}
