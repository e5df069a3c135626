package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A step with a non-finite loss or gradient norm is refused before AdamW touches a weight. */
class OptimizerStepTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.create("scalar", 1);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static Tensor parameterWithGradient(float gradient) {
        Tensor w = Tensor.of(backend, new float[] {1f, 2f}, true, 2);
        backend.axpy(w.grad(), 1f, backend.fromArray(new float[] {gradient, 0.5f}), 2);
        return w;
    }

    @Test
    void aFiniteStepUpdatesTheWeights() {
        Tensor w = parameterWithGradient(0.25f);
        AdamW optimizer = AdamW.uniform(Map.of("w", w), 0.9f, 0.999f, 1e-8f, 0f);
        double norm = OptimizerStep.clipAndStep(optimizer, List.of(w), 10, 0.1f, 1.5);
        assertEquals(Math.sqrt(0.25 * 0.25 + 0.5 * 0.5), norm, 1e-6);
        assertNotEquals(1f, w.toArray()[0]);
        assertEquals(1, optimizer.stepCount());
    }

    @Test
    void aNonFiniteLossOrNormLeavesWeightsAndOptimizerAsTheyWere() {
        for (float gradient : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Tensor w = parameterWithGradient(gradient);
            AdamW optimizer = AdamW.uniform(Map.of("w", w), 0.9f, 0.999f, 1e-8f, 0f);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> OptimizerStep.clipAndStep(optimizer, List.of(w), 1, 0.1f, 0.7));
            assertTrue(e.getMessage().contains("gradient norm " + (Float.isNaN(gradient) ? "NaN" : "Infinity")),
                    e.getMessage());
            assertArrayEquals(new float[] {1f, 2f}, w.toArray());
            assertEquals(0, optimizer.stepCount());
        }
        Tensor w = parameterWithGradient(0.25f);
        AdamW optimizer = AdamW.uniform(Map.of("w", w), 0.9f, 0.999f, 1e-8f, 0f);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> OptimizerStep.clipAndStep(optimizer, List.of(w), 1, 0.1f, Double.NaN));
        assertTrue(e.getMessage().startsWith("the loss is NaN"), e.getMessage());
        assertArrayEquals(new float[] {1f, 2f}, w.toArray());
    }
}
