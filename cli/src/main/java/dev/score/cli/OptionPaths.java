package dev.score.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the files and directories options name, made before a command does any work, so that a
 * typo or an unwritable {@code --out} is reported at once and not after an hour of evaluation. Each error
 * names the option and the path.
 */
final class OptionPaths {
    /** Paths longer than this are shortened in messages: a 100 000-character argument is not echoed whole. */
    private static final int SHOWN = 200;
    private static final int MAX_NAME_BYTES = 255;

    private OptionPaths() {
    }

    /** An existing directory (a model directory, a tokenizer directory). */
    static void directory(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError(where(option, dir) + (Files.exists(dir) ? "is a file, expected a directory"
                    : "no such directory"));
        }
    }

    /** A directory holding a model's config.json (its weights are checked when they are read). */
    static void modelDirectory(String option, Path dir) {
        directory(option, dir);
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UserError(where(option, dir) + "no config.json there; a model directory holds config.json and "
                    + "model.safetensors");
        }
    }

    /** An existing regular file that can be read. */
    static void readableFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(where(option, file) + "is a directory, expected a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(where(option, file) + "no such file");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(where(option, file) + "cannot be read (permission denied)");
        }
    }

    /** A file that can be (over)written: its directory exists and is writable, and it is not a directory. */
    static void writableFile(String option, Path file) {
        requireCreatableNames(option, file);
        if (Files.isDirectory(file)) {
            throw new UserError(where(option, file) + "is a directory, expected a file to write");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UserError(where(option, file) + "cannot be written (permission denied)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError(where(option, file) + "its directory " + shown(parent) + " does not exist");
        }
        if (!Files.isWritable(parent)) {
            throw new UserError(where(option, file) + "its directory " + shown(parent) + " is not writable");
        }
    }

    /**
     * A directory that can be written into: an existing writable directory, or one that can be created
     * (its nearest existing ancestor is a writable directory).
     */
    static void writableDirectory(String option, Path dir) {
        requireCreatableNames(option, dir);
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new UserError(where(option, dir) + (existing == null ? "cannot be created"
                    : shown(existing) + " is a file, not a directory"));
        }
        if (!Files.isWritable(existing)) {
            throw new UserError(where(option, dir) + shown(existing) + " is not writable");
        }
    }

    /**
     * The part of {@code path} that does not exist yet must be creatable: Linux file systems refuse a name
     * longer than 255 bytes, and would say so only when the command writes its result.
     */
    private static void requireCreatableNames(String option, Path path) {
        for (Path name : path) {
            if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new UserError(where(option, path) + "a file name is at most " + MAX_NAME_BYTES + " bytes");
            }
        }
    }

    /** {@code --option PATH: }, the start of every message. */
    static String where(String option, Path path) {
        return option + " " + shown(path) + ": ";
    }

    static String shown(Object path) {
        String text = String.valueOf(path);
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN / 2) + "…" + text.substring(text.length()
                - SHOWN / 2);
    }
}
