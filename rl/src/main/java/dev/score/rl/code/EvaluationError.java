package dev.score.rl.code;

/** The program parsed but failed while running: a type error, a bad index, overflow, division by zero. */
public sealed class EvaluationError extends CodeError permits LimitExceeded {
    EvaluationError(String message) {
        super(message);
    }
}
