package dev.score.rl.base;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import java.util.List;

/**
 * The two-attempt traces the base model imitates, built to give it the paper's starting point: a model
 * that often knows how to solve a problem but does not reliably do so, and that does not fix itself when
 * asked. Attempt 1 is the reference solution, or with probability {@code errorRate} (as the task skews it per
 * problem, see {@link Task#flawRate}) a flawed one (a
 * careless slip, a bug). Attempt 2 copies attempt 1 with probability {@code copyRate}, and otherwise is a
 * fresh, independent attempt drawn the same way, so in the traces attempt 2 is exactly as often right as
 * attempt 1: imitating them teaches no self-correction. A task may put correction in the repertoire: with
 * probability {@link Task#revisionRate} a trace is the task's {@link Task#revision} instead.
 */
public final class BaseTraces {
    /** The text of the two attempts of one trace. */
    public record Trace(String attempt1, String attempt2) {
    }

    /** Traces hashed into {@link #fingerprint}: enough that any change to how they are drawn shows. */
    static final int FINGERPRINT_TRACES = 256;

    private final Task task;
    private final double errorRate;
    private final double copyRate;

    public BaseTraces(Task task, double errorRate, double copyRate) {
        if (!(errorRate >= 0 && errorRate <= 1) || !(copyRate >= 0 && copyRate <= 1)) {
            throw new IllegalArgumentException(
                    "error and copy rates must be in [0, 1], got " + errorRate + " and " + copyRate);
        }
        this.task = task;
        this.errorRate = errorRate;
        this.copyRate = copyRate;
    }

    public Trace draw(Problem problem, Rng rng) {
        // A task without revisions draws nothing here, so its traces stay as they were.
        if (task.revisionRate() > 0 && rng.nextDouble() < task.revisionRate()) {
            Revision revision = task.revision(problem, rng);
            if (revision != null) {
                return new Trace(revision.attempt1(), revision.attempt2());
            }
        }
        String first = attempt(problem, rng);
        String second = rng.nextDouble() < copyRate ? first : attempt(problem, rng);
        return new Trace(first, second);
    }

    /**
     * A hash of the first {@value #FINGERPRINT_TRACES} traces {@code config} would draw from {@code task}'s
     * training problems under a fixed generator: the same for the same traces, different (but for a hash
     * collision) when the task's problems, solutions, flaws or revisions change.
     */
    public static int fingerprint(Task task, BaseModelConfig config) {
        List<Problem> problems = task.problems(Split.TRAIN, FINGERPRINT_TRACES, config.seed());
        BaseTraces traces = new BaseTraces(task, config.errorRate(), config.copyRate());
        Rng rng = new Rng(config.seed());
        int hash = 1;
        for (Problem problem : problems) {
            Trace trace = traces.draw(problem, rng);
            hash = 31 * hash + (problem.statement() + "\u0000" + trace.attempt1() + "\u0000" + trace.attempt2()).hashCode();
        }
        return hash;
    }

    private String attempt(Problem problem, Rng rng) {
        return rng.nextDouble() < task.flawRate(problem, errorRate) ? task.flawedSolution(problem, rng) : problem.solution();
    }
}
