package dev.score.rl.code;

/**
 * Why a program was rejected or stopped. The interpreter throws nothing else on any program text, so a
 * caller that catches this type has handled every untrusted input. No stack trace is recorded: these
 * errors are ordinary outcomes (a model's broken program), thrown thousands of times per training step.
 */
public sealed class CodeError extends RuntimeException permits SyntaxError, EvaluationError {
    CodeError(String message) {
        super(message, null, false, false);
    }
}
