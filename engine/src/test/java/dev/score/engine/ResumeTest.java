package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.TrainingState;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving the weights and the training state (AdamW moments, step, RNG) mid-run and resuming from disk
 * gives bit-for-bit the parameters of a run that never stopped.
 */
class ResumeTest {
    private static final int STEPS = 6;
    private static final int SAVE_AFTER = 3;

    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) {
        try (Backend backend = Backends.create("vector", 2)) {
            Gpt2Config config = TestModels.tinyConfig();

            Gpt2Model straight = TestModels.randomModel(config, backend, 4);
            AdamW straightOptimizer = AdamW.forModel(straight, 0.9f, 0.95f, 1e-8f, 0.1f);
            Rng straightRng = new Rng(17);
            for (int step = 0; step < STEPS; step++) {
                trainStep(straight, straightOptimizer, straightRng, step);
            }

            Gpt2Model first = TestModels.randomModel(config, backend, 4);
            AdamW firstOptimizer = AdamW.forModel(first, 0.9f, 0.95f, 1e-8f, 0.1f);
            Rng firstRng = new Rng(17);
            for (int step = 0; step < SAVE_AFTER; step++) {
                trainStep(first, firstOptimizer, firstRng, step);
            }
            first.save(dir);
            new TrainingState(firstOptimizer.stepCount(), firstOptimizer.firstMoments(),
                    firstOptimizer.secondMoments(), firstRng.state(), JsonNodeFactory.instance.objectNode())
                    .save(dir, config);

            Gpt2Model resumed = Gpt2Model.load(dir, backend);
            TrainingState state = TrainingState.load(dir, resumed.config());
            AdamW resumedOptimizer = AdamW.forModel(resumed, 0.9f, 0.95f, 1e-8f, 0.1f);
            resumedOptimizer.restore(state.firstMoments(), state.secondMoments(), (int) state.step());
            Rng resumedRng = Rng.fromState(state.rngState());
            for (int step = SAVE_AFTER; step < STEPS; step++) {
                trainStep(resumed, resumedOptimizer, resumedRng, step);
            }

            for (Map.Entry<String, Tensor> p : straight.parameters().entrySet()) {
                assertArrayEquals(p.getValue().toArray(), resumed.parameters().get(p.getKey()).toArray(), p.getKey());
            }
        }
    }

    /** One step on a batch drawn from {@code rng}, so the generator's state matters to the result. */
    private static void trainStep(Gpt2Model model, AdamW optimizer, Rng rng, int step) {
        int batch = 2;
        int t = 8;
        int vocab = model.config().vocabSize();
        int[] tokens = new int[batch * t];
        int[] targets = new int[batch * t];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
            targets[i] = rng.nextInt(vocab);
        }
        model.zeroGrad();
        model.loss(tokens, targets, batch, t).backward();
        GradientClipping.clipGlobalNorm(model.parameters().values(), 1.0);
        optimizer.step((float) new CosineSchedule(1e-2, 1e-3, 2, STEPS).at(step));
    }
}
