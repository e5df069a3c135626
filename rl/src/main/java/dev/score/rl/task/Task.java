package dev.score.rl.task;

import dev.score.engine.Rng;
import java.util.List;

/**
 * A family of problems with verifiable answers: where problems come from, how they are checked, and the
 * fixed instruction that asks for a second attempt.
 */
public interface Task {

    /** The name used on the command line ({@code math}, {@code code}). */
    String name();

    /**
     * The first {@code count} distinct problems of {@code split}, the same for the same {@code seed}.
     * Fewer only when the source holds fewer (a dataset file).
     */
    List<Problem> problems(Split split, int count, long seed);

    /**
     * What the first prompt adds after every problem statement, such as a request for the final answer's
     * format; none for the built-in tasks, whose base models learned their format.
     */
    default String promptSuffix() {
        return "";
    }

    /** Checks an attempt against the problem's oracle. */
    Verifier verifier();

    /**
     * The instruction between the attempts. It is the same for every problem and every attempt, so it
     * tells the model nothing about whether its first attempt was right.
     */
    String correctionInstruction();

    /**
     * The final answer an attempt proposes, normalized so that two attempts proposing the same answer
     * give equal strings (math: the normalized final answer; code: the program without layout), or
     * {@code null} when none can be read. Used for the changed-answer diagnostic and majority voting.
     */
    String finalAnswer(String attempt);

    /**
     * A plausible but wrong solution to {@code problem} in the task's answer format (a slip in one step,
     * a bug in a program), used to build the base model's two-attempt traces.
     */
    String flawedSolution(Problem problem, Rng rng);

    /**
     * How often the base model's traces get a flawed attempt on {@code problem}, given the average rate:
     * the same for every problem unless a task's problems hold traps of different difficulty.
     */
    default double flawRate(Problem problem, double averageRate) {
        return averageRate;
    }

    /**
     * The share of the base model's traces that are drawn from {@link #revision} (when it has one for the
     * problem): correction put in the model's repertoire, so that reinforcement learning can find it. 0 (the
     * default): the traces teach no correction at all.
     */
    default double revisionRate() {
        return 0;
    }

    /** A trace whose attempt 2 revises attempt 1 from what the two show, or null where the task has none. */
    default Revision revision(Problem problem, Rng rng) {
        return null;
    }
}
