package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.CheckpointException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resumed run's metrics and base model: what a kill can leave in metrics.jsonl, and where the base is. */
class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void truncatingKeepsTheStepsBeforeTheCheckpoint() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        for (int step = 0; step < 5; step++) {
            run.appendStep("{\"step\":" + step + ",\"loss\":0.5}");
        }
        run.truncateStepsFrom(3);
        assertEquals(List.of("{\"step\":0,\"loss\":0.5}", "{\"step\":1,\"loss\":0.5}", "{\"step\":2,\"loss\":0.5}"),
                Files.readAllLines(run.stepMetrics()));
    }

    @Test
    void aLastLineCutShortByAKillIsDroppedWithAWarning() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Files.writeString(run.stepMetrics(), "{\"step\":0}\n{\"step\":1}\n{\"step\":2,\"lo");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.truncateStepsFrom(5);
        } finally {
            System.setErr(err);
        }
        assertEquals("{\"step\":0}\n{\"step\":1}\n", Files.readString(run.stepMetrics()));
        String warning = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("warning: " + run.stepMetrics()), warning);
        assertTrue(warning.contains("cut short"), warning);
    }

    @Test
    void aMalformedLineBeforeTheLastIsAnErrorNamingItsLine() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Files.writeString(run.stepMetrics(), "{\"step\":0}\n{\"step\":1,\n{\"step\":2}\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> run.truncateStepsFrom(5));
        assertTrue(e.getMessage().startsWith(run.stepMetrics() + ": line 2: not valid JSON"), e.getMessage());
        assertEquals("{\"step\":0}\n{\"step\":1,\n{\"step\":2}\n", Files.readString(run.stepMetrics()),
                "nothing rewritten");
    }

    @Test
    void theBaseModelIsRecordedAsAnAbsolutePath() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        assertTrue(run.recordedBaseModel().isEmpty());
        run.recordBaseModel(Path.of("relative", "base"));
        assertEquals(Path.of("relative", "base").toAbsolutePath(), run.recordedBaseModel().orElseThrow());
    }

    @Test
    void aDamagedBaseModelRecordIsNamed() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Files.writeString(run.baseModelRecord(), "{\"path\": 3}");
        CheckpointException e = assertThrows(CheckpointException.class, run::recordedBaseModel);
        assertTrue(e.getMessage().startsWith(run.baseModelRecord().toString()), e.getMessage());
    }
}
