package dev.score.rl.code;

/** The program ran into one of the sandbox's bounds (see {@link SandboxLimits}). */
public final class LimitExceeded extends EvaluationError {

    /** Which bound stopped the program. */
    public enum Limit {
        /** The evaluation-step budget: loops and runaway recursion end here. */
        FUEL,
        /** Nesting of calls and sub-expressions: bounds the interpreter's own Java stack. */
        DEPTH,
        /** Total list elements allocated in one run. */
        MEMORY
    }

    private final Limit limit;

    LimitExceeded(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
