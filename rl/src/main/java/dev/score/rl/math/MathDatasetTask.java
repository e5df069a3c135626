package dev.score.rl.math;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Math problems from a MATH-format file (see {@link MathJsonl}). {@link #problems} serves the
 * statement-hash split of the file, as training and validation want, or, given a test file, that file's
 * problems as the test split; an evaluation on a benchmark file (MATH500) usually wants every problem of
 * it whatever its split, which {@link #all()} gives. The first prompt asks for the final answer in
 * {@code \boxed{}}, the convention the verifier reads and instruct models know.
 */
public final class MathDatasetTask extends MathAnswerTask {
    /** The prompt suffix of Qwen2.5-Math's chain-of-thought evaluation prompt. */
    public static final String PROMPT_SUFFIX = "\nPlease reason step by step, and put your final answer within \\boxed{}.";

    private final List<Problem> problems;
    private final List<Problem> testProblems;

    public MathDatasetTask(List<Problem> problems) {
        this(problems, null);
    }

    private MathDatasetTask(List<Problem> problems, List<Problem> testProblems) {
        this.problems = List.copyOf(problems);
        this.testProblems = testProblems == null ? null : List.copyOf(testProblems);
    }

    /** The task of the problems in a MATH-format JSON Lines file. */
    public static MathDatasetTask load(Path file) throws IOException {
        return new MathDatasetTask(MathJsonl.load(file));
    }

    /** The problems of {@code trainFile} for training and validation, and every problem of {@code testFile} as the test split. */
    public static MathDatasetTask load(Path trainFile, Path testFile) throws IOException {
        return new MathDatasetTask(MathJsonl.load(trainFile), MathJsonl.load(testFile));
    }

    @Override
    public String promptSuffix() {
        return PROMPT_SUFFIX;
    }

    /**
     * The first {@code count} problems of the file, in file order, whose {@link Split#of statement
     * split} is {@code split}; fewer when the file holds fewer. The seed is not used: a file's order is
     * already fixed.
     */
    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        if (split == Split.TEST && testProblems != null) {
            return testProblems.stream().limit(count).toList();
        }
        return problems.stream().filter(p -> Split.of(p.statement()) == split).limit(count).toList();
    }

    /** Every problem of the file, in file order, whatever its split: what an evaluation on a benchmark wants. */
    public List<Problem> all() {
        return problems;
    }

    /** The solution with its final answer replaced by a near miss (see {@link WrongAnswers}). */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        return WrongAnswers.flawedSolution(problem, rng);
    }
}
