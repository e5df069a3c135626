package dev.score.rl.util;

import dev.score.engine.io.CheckpointException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a lock file, held by one process at a time while it writes the directory the file
 * guards (a run directory, a base model in the cache), with that process's PID written in the file so a
 * second writer can be told whom it met. The operating system releases the lock when the process dies,
 * however it dies, so a killed run never leaves a stale lock behind.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) throws IOException {
        this.channel = channel;
        this.lock = lock;
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
    }

    /** Takes the lock now, or fails with an error that names the process holding it. */
    public static DirectoryLock take(Path lockFile, String what) throws IOException {
        FileChannel channel = open(lockFile);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            channel.close();
            throw new CheckpointException(lockFile, what + " is in use by " + holder(lockFile)
                    + "; wait for it to finish or stop it");
        }
        return new DirectoryLock(channel, lock);
    }

    /** Takes the lock, first saying on stderr whom it waits for when another process holds it. */
    public static DirectoryLock await(Path lockFile, String what) throws IOException {
        FileChannel channel = open(lockFile);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            System.err.println("waiting for " + holder(lockFile) + ", which holds " + what);
            lock = channel.lock();
        }
        return new DirectoryLock(channel, lock);
    }

    private static FileChannel open(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** The lock, or null when another process holds it; this process holding it already is a bug. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("this process already holds the lock it asks for", e);
        }
    }

    // Read only by a process that does not hold the lock: closing another handle of a locked file would
    // release the holder's lock under POSIX rules.
    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,19}") ? "process " + pid : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
