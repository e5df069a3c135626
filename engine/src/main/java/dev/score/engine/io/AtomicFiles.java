package dev.score.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a reader, or a run resumed after a crash, sees either the old content or
 * the new one and never a half-written file: the bytes go to a temporary file in the same
 * directory, are forced to disk, and the temporary file is renamed over the target.
 */
public final class AtomicFiles {

    /** Produces the file's content. */
    interface Content {
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    static void write(Path target, Content content) {
        Path directory = target.toAbsolutePath().getParent();
        // Same directory as the target, so the rename never crosses file systems.
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(temporary,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            CrashPoints.pass(target, "written");
            moveOver(temporary, target);
            syncDirectory(directory);
            CrashPoints.pass(target, "renamed");
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new CheckpointException(target, "cannot write: " + IoErrors.describe(e), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    public static void write(Path target, byte[] bytes) {
        write(target, channel -> writeFully(channel, ByteBuffer.wrap(bytes)));
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes a rename in {@code directory} durable. Some platforms cannot open a directory for syncing;
     * the rename is still atomic there, only less certain to survive a power cut, so that is no error.
     */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // See above: not syncing the directory is acceptable where it cannot be opened.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // The original failure is the one worth reporting; a stray temporary file is harmless.
        }
    }
}
