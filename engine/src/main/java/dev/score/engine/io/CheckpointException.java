package dev.score.engine.io;

import java.nio.file.Path;

/**
 * The one failure of checkpoint I/O: a file that is missing, malformed, or does not fit the model.
 *
 * <p>The message is a single line that starts with the file at fault and, where one is, names the
 * tensor, e.g. {@code runs/a/model.safetensors: tensor 'h.0.attn.c_attn.weight': expected shape
 * [48, 144], found [144, 48]}; a command line prints it after {@code "error: "} as it is.
 */
public final class CheckpointException extends RuntimeException {

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        this(file, problem, null);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
        this.file = file;
    }

    /** A problem with one tensor of {@code file}. */
    public static CheckpointException inTensor(Path file, String tensor, String problem) {
        return new CheckpointException(file, "tensor '" + tensor + "': " + problem);
    }

    /** The file the message starts with. */
    public Path file() {
        return file;
    }

    // Parser messages and file names may carry line breaks; a CLI error must stay on one line.
    private static String oneLine(String text) {
        return text.replaceAll("\\R+", " ");
    }
}
