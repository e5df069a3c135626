package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails halfway leaves the previous file whole and no temporary file behind. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayKeepsTheOldContent() throws IOException {
        Path target = Files.writeString(dir.resolve("config.json"), "old");
        assertFailsAbout(target, () -> AtomicFiles.write(target, channel -> {
            channel.write(ByteBuffer.wrap("new and half".getBytes(StandardCharsets.UTF_8)));
            throw new IOException("No space left on device");
        }), "cannot write: No space left on device");
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), filesInDir());
    }

    @Test
    void aRuntimeFailureMidwayAlsoCleansUp() throws IOException {
        Path target = dir.resolve("model.safetensors");
        IllegalStateException thrown = new IllegalStateException("bug");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> AtomicFiles.write(target, channel -> {
                    throw thrown;
                }));
        assertSame(thrown, caught);
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void createsMissingDirectoriesAndReplacesTheTarget() throws IOException {
        Path target = dir.resolve("a/b/config.json");
        AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
