package dev.score.rl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.CheckpointException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time holds a lock file; the second is told the first one's PID, or waits for it. */
class DirectoryLockTest {
    @TempDir
    Path dir;

    /** A second JVM that takes the lock, says so on stdout, and holds it until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (DirectoryLock lock = DirectoryLock.take(Path.of(args[0]), "the test's directory")) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    private Process holder(Path lockFile) throws IOException {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName(), lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        return process;
    }

    @Test
    void aSecondWriterIsToldWhoHoldsTheLock() throws Exception {
        Path lockFile = dir.resolve("run.lock");
        Process first = holder(lockFile);
        try {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> DirectoryLock.take(lockFile, "run directory x"));
            assertTrue(e.getMessage().startsWith(lockFile + ": run directory x is in use by process " + first.pid()),
                    e.getMessage());
        } finally {
            first.getOutputStream().close();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        }
        try (DirectoryLock lock = DirectoryLock.take(lockFile, "run directory x")) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lockFile), "the holder's PID");
        }
    }

    @Test
    void aKilledHolderLeavesNoStaleLock() throws Exception {
        Path lockFile = dir.resolve("run.lock");
        Process first = holder(lockFile);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        try (DirectoryLock lock = DirectoryLock.take(lockFile, "run directory x")) {
            assertTrue(Files.exists(lockFile));
        }
    }

    @Test
    void awaitWaitsForTheHolderToFinish() throws Exception {
        Path lockFile = dir.resolve("base.lock");
        Process first = holder(lockFile);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(500);
                first.getOutputStream().close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        try (DirectoryLock lock = DirectoryLock.await(lockFile, "the base model")) {
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the lock came only once the holder let go");
            assertEquals(0, first.exitValue());
        }
        release.join();
    }
}
