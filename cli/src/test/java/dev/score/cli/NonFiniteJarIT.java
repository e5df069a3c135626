package dev.score.cli;

import static dev.score.cli.EngineJar.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.score.cli.EngineJar.Run;
import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.LoadedWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar never prints NaN as a result: non-finite weights and a loss that overflows are errors. */
class NonFiniteJarIT {
    @TempDir
    Path dir;

    private Path model;
    private Path ids;

    @BeforeEach
    void freshModel() throws Exception {
        model = dir.resolve("model");
        Run init = EngineJar.run(new byte[0], "init", "--out", model.toString(), "--layers", "1", "--dim", "16",
                "--heads", "2", "--vocab", "32", "--ctx", "16");
        assertEquals(0, init.exitCode(), init.stderr());
        ids = Files.writeString(dir.resolve("ids.txt"), "1 2 3 4 5 6 7 8\n");
    }

    /** Rewrites the model with {@code value} in every element of {@code parameter}. */
    private void setAll(String parameter, float value) {
        LoadedWeights loaded = Checkpoint.load(model);
        Arrays.fill(loaded.weights().get(parameter), value);
        Checkpoint.save(model, loaded.config(), loaded.weights());
    }

    @Test
    void aNaNWeightIsNamedByScoreAndGenerate() throws Exception {
        setAll("h.0.attn.c_attn.weight", Float.NaN);
        Run score = EngineJar.run(new byte[0], "score", "--model", model.toString(), "--ids", ids.toString());
        assertOneLineError(score, "tensor 'h.0.attn.c_attn.weight': holds NaN at index 0");
        Run generate = EngineJar.run(new byte[0], "generate", "--model", model.toString(), "--prompt-ids", "1 2");
        assertOneLineError(generate, "model.safetensors: tensor 'h.0.attn.c_attn.weight': holds NaN");
    }

    @Test
    void logitsThatOverflowAreAnErrorNotNaNOrTokens() throws Exception {
        // Finite, but the final LayerNorm's output times 3e38 overflows float32, so the logits are ±Infinity.
        setAll("ln_f.weight", 3e38f);
        Run score = EngineJar.run(new byte[0], "score", "--model", model.toString(), "--ids", ids.toString());
        assertOneLineError(score, "is not finite");
        assertFalse(score.out().contains("NaN"), score.out());
        Run generate = EngineJar.run(new byte[0], "generate", "--model", model.toString(), "--prompt-ids", "1 2",
                "--max-new-tokens", "4");
        assertOneLineError(generate, "the logits of new token 1 are not finite");
        assertEquals("", generate.out(), "no tokens drawn from NaN logits are printed");
    }
}
