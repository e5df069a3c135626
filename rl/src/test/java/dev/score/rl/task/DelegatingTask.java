package dev.score.rl.task;

import dev.score.engine.Rng;
import java.util.List;

/** A task that is {@code inner} in every respect a test does not override: one behaviour changed, the rest kept. */
public abstract class DelegatingTask implements Task {
    protected final Task inner;

    protected DelegatingTask(Task inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        return inner.problems(split, count, seed);
    }

    @Override
    public Verifier verifier() {
        return inner.verifier();
    }

    @Override
    public String correctionInstruction() {
        return inner.correctionInstruction();
    }

    @Override
    public String finalAnswer(String attempt) {
        return inner.finalAnswer(attempt);
    }

    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        return inner.flawedSolution(problem, rng);
    }

    @Override
    public double flawRate(Problem problem, double averageRate) {
        return inner.flawRate(problem, averageRate);
    }

    @Override
    public double revisionRate() {
        return inner.revisionRate();
    }

    @Override
    public Revision revision(Problem problem, Rng rng) {
        return inner.revision(problem, rng);
    }
}
