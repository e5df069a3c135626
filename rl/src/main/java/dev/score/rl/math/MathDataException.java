package dev.score.rl.math;

/** A MATH-format file that cannot be read as problems; the message names the file and line. */
public final class MathDataException extends IllegalArgumentException {

    public MathDataException(String message) {
        super(message);
    }
}
