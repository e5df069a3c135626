package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint is saved as one unit: whole or absent, never two saves mixed, the older one kept until then. */
class CheckpointsTest {
    @TempDir
    Path dir;

    private Checkpoints checkpoints() {
        return new Checkpoints(dir.resolve("checkpoint"));
    }

    private static Checkpoints.Writer files(String content) {
        return into -> {
            Files.writeString(into.resolve("a.txt"), content + " a");
            Files.writeString(into.resolve("b.txt"), content + " b");
        };
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> list = Files.list(dir.resolve("checkpoint"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void noCheckpointDirectoryMeansNothingToResume() throws IOException {
        assertTrue(checkpoints().latest().isEmpty());
    }

    @Test
    void aNewSaveReplacesTheOlderOne() throws IOException {
        checkpoints().save(2, files("two"));
        Path four = checkpoints().save(4, files("four"));
        assertEquals(List.of("step-00000004"), entries());
        Checkpoints.Saved latest = checkpoints().latest().orElseThrow();
        assertEquals(4, latest.step());
        assertEquals(four, latest.dir());
        assertEquals("four a", Files.readString(four.resolve("a.txt")));
        assertEquals("four b", Files.readString(four.resolve("b.txt")));
    }

    @Test
    void aSaveThatFailsMidwayLeavesThePreviousOneAndIsClearedAway() throws IOException {
        checkpoints().save(2, files("two"));
        assertThrows(IOException.class, () -> checkpoints().save(4, into -> {
            Files.writeString(into.resolve("a.txt"), "four a");
            throw new IOException("killed here");
        }));
        assertEquals(2, entries().size(), "the save and the partial one: " + entries());
        Checkpoints.Saved latest = checkpoints().latest().orElseThrow();
        assertEquals(2, latest.step());
        assertEquals("two a", Files.readString(latest.dir().resolve("a.txt")));
        assertEquals(List.of("step-00000002"), entries(), "latest() removed the partial save");
    }

    @Test
    void theNewestOfTwoWholeSavesWins() throws IOException {
        // A kill after the new save's rename and before the old one's removal leaves both.
        Files.createDirectories(dir.resolve("checkpoint/step-00000002"));
        Files.createDirectories(dir.resolve("checkpoint/step-00000010"));
        Files.createDirectories(dir.resolve("checkpoint/step-00000004"));
        assertEquals(10, checkpoints().latest().orElseThrow().step());
        assertEquals(List.of("step-00000010"), entries(), "the older saves removed");
    }

    @Test
    void aSecondSaveOfTheSameStepKeepsTheFirst() throws IOException {
        checkpoints().save(2, files("first"));
        checkpoints().save(2, files("second"));
        assertEquals(List.of("step-00000002"), entries());
        assertEquals("first a", Files.readString(checkpoints().latest().orElseThrow().dir().resolve("a.txt")));
    }

    @Test
    void aCheckpointOfTheEarlierSingleDirectoryLayoutIsRefusedNotIgnored() throws IOException {
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint/training_state.json"), "{}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> checkpoints().latest());
        assertTrue(e.getMessage().contains("training_state.json"), e.getMessage());
        assertTrue(e.getMessage().contains("earlier version"), e.getMessage());
    }
}
