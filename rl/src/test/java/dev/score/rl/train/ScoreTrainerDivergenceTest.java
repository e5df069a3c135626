package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Gpt2Model;
import dev.score.engine.TrainingDivergedException;
import dev.score.engine.io.TrainingState;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step whose loss is not finite stops the run there, naming the step, its last checkpoint left intact. */
class ScoreTrainerDivergenceTest extends TinyBaseModelTest {
    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws Exception {
        MathTask task = new MathTask();
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        RunDirectory run = new RunDirectory(dir.resolve("diverging"));
        Files.createDirectories(run.root());
        new ScoreTrainer(TinyRun.config(List.of("I:2")), Method.SCORE, task, protocol, run)
                .train(Gpt2Model.load(base, backend), Gpt2Model.load(base, backend), "first");
        Path saved = run.checkpoints().latest().orElseThrow().dir();
        byte[] weights = Files.readAllBytes(saved.resolve("model.safetensors"));

        // The same run carried on for two more steps against a reference whose weights hold a NaN: the exact
        // KL, and so the loss, of its first new step is NaN.
        Gpt2Model poisoned = Gpt2Model.load(base, backend);
        var wte = poisoned.parameters().get("wte.weight");
        float[] values = wte.toArray();
        values[0] = Float.NaN;
        wte.set(values);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new ScoreTrainer(TinyRun.config(List.of("I:2", "II:2")), Method.SCORE, task, protocol, run)
                        .train(Gpt2Model.load(base, backend), poisoned, "second"));
        assertTrue(e.getMessage().startsWith("second, step 2: the loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("the last good checkpoint is " + saved), e.getMessage());

        assertEquals(saved, run.checkpoints().latest().orElseThrow().dir(), "no newer save");
        assertArrayEquals(weights, Files.readAllBytes(saved.resolve("model.safetensors")));
        assertEquals(2, TrainingState.load(saved, poisoned.config()).step());
        assertEquals(2, Files.readAllLines(run.stepMetrics()).size(), "no line for the step that diverged");
    }
}
