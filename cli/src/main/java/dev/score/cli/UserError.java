package dev.score.cli;

import dev.score.engine.TrainingDivergedException;
import dev.score.engine.io.CheckpointException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** What counts as the user's mistake (exit 2, one line) rather than the program's, and its one-line text. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }

    static boolean isUserError(Throwable e) {
        return e instanceof UserError || e instanceof CheckpointException || e instanceof IllegalArgumentException
                || e instanceof TrainingDivergedException || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        String message = e.getMessage();
        if (e instanceof UserError || e instanceof CheckpointException || e instanceof IllegalArgumentException
                || e instanceof TrainingDivergedException) {
            return message;
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
