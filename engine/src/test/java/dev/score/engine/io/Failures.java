package dev.score.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the one-line messages of {@link CheckpointException}. */
final class Failures {

    private Failures() {}

    /** Fails unless {@code action} throws a message that starts with {@code file} and holds every fragment. */
    static CheckpointException assertFailsAbout(Path file, Executable action, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, action);
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), () -> "message does not start with the file: " + message);
        assertEquals(file, e.file());
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "message spans lines: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "message lacks '" + fragment + "': " + message);
        }
        return e;
    }

    /** As {@link #assertFailsAbout}, and the message names {@code tensor}. */
    static CheckpointException assertFailsAboutTensor(
            Path file, String tensor, Executable action, String... fragments) {
        CheckpointException e = assertFailsAbout(file, action, fragments);
        assertTrue(e.getMessage().startsWith(file + ": tensor '" + tensor + "': "),
                () -> "message does not name tensor '" + tensor + "' after the file: " + e.getMessage());
        return e;
    }
}
