package dev.score.rl.code;

/** The text is not a program (or not a test line); the message names the line and column. */
public final class SyntaxError extends CodeError {
    SyntaxError(int line, int column, String message) {
        super(line + ":" + column + ": " + message);
    }
}
