package dev.score.cli;

import dev.score.engine.TrainingDivergedException;
import dev.score.engine.io.CheckpointException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /** The one line for a user error: what went wrong and with which file, never a Java class name. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof NotDirectoryException notDirectory) {
            return notDirectory.getFile() + ": not a directory";
        }
        if (e instanceof FileSystemException fileSystem) {
            return fileSystem.getFile() + ": " + (fileSystem.getReason() != null ? fileSystem.getReason()
                    : "cannot be used");
        }
        if (e instanceof CharacterCodingException) {
            return "an input file is not valid UTF-8";
        }
        String message = e.getMessage();
        if (e instanceof UserError || e instanceof CheckpointException || e instanceof IllegalArgumentException
                || e instanceof TrainingDivergedException) {
            return message;
        }
        if (e instanceof IOException) {
            return message != null ? message : "input/output error";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
