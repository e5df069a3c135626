package dev.score.engine.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checks that a checkpoint directory and the files expected in it exist, with clear errors. */
final class ModelDirectory {

    private ModelDirectory() {}

    static void requireExisting(Path dir) {
        if (!Files.exists(dir)) {
            throw new CheckpointException(dir, "no such checkpoint directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "not a directory (a checkpoint is a directory holding "
                    + Checkpoint.CONFIG_FILE + " and " + Checkpoint.MODEL_FILE + ")");
        }
    }

    /** {@code dir/name}, which must be a regular file; {@code role} says what it is for. */
    static Path requireFile(Path dir, String name, String role) {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            throw new CheckpointException(file, "missing (" + role + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file, "not a regular file (" + role + ")");
        }
        return file;
    }

    /** Refuses to write into {@code dir} when it exists but is not a directory. */
    static void requireWritable(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "exists and is not a directory, cannot save a checkpoint there");
        }
    }
}
