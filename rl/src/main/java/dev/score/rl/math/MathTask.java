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

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        Rng rng = new Rng(seed);
        List<Problem> problems = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        while (problems.size() < count) {
            int level = problems.size() % MathProblemGenerator.LEVELS + 1;
            WorkedProblem worked = MathProblemGenerator.generate(level, rng.nextLong());
            if (Split.of(worked.statement()) == split && seen.add(worked.statement())) {
                problems.add(toProblem(worked));
            }
        }
        return problems;
    }

    /** The solution with one careless slip (see {@link Slips}) at a step where it changes the answer. */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        WorkedProblem worked = rebuild(problem);
        List<Integer> slippable = worked.slippableSteps();
        return worked.render(slippable.get(rng.nextInt(slippable.size())));
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
