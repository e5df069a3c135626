package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The learning-rate schedule, clipping, and AdamW's parameter groups. */
class OptimizerTest {

    @Test
    void scheduleWarmsUpLinearlyThenFollowsHalfACosine() {
        CosineSchedule schedule = new CosineSchedule(1.0, 0.1, 4, 14);
        assertEquals(0.25, schedule.at(0), 1e-12);
        assertEquals(1.0, schedule.at(3), 1e-12);
        assertEquals(1.0, schedule.at(4), 1e-12);
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.5)), schedule.at(9), 1e-12);
        assertEquals(0.1, schedule.at(14), 1e-12);
        assertEquals(0.1, schedule.at(100), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 1.0, 0, 10));
    }

    @Test
    void clippingScalesToTheMaximumNormAndReportsTheOriginal() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Tensor a = Tensor.of(backend, new float[] {0, 0}, true, 2);
            Tensor b = Tensor.of(backend, new float[] {0}, true, 1);
            backend.axpy(a.grad(), 1f, backend.fromArray(new float[] {3, 0}), 2);
            backend.axpy(b.grad(), 1f, backend.fromArray(new float[] {4}), 1);
            double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
            assertEquals(5.0, norm, 1e-9);
            float scale = (float) (1.0 / (5.0 + 1e-6));
            assertArrayEquals(new float[] {3 * scale, 0}, a.gradToArray(), 1e-7f);
            assertArrayEquals(new float[] {4 * scale}, b.gradToArray(), 1e-7f);
            assertEquals(5.0 * scale, GradientClipping.clipGlobalNorm(List.of(a, b), 10.0), 1e-6);
        }
    }

    @Test
    void gpt2GroupingDecaysMatricesOnly() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Gpt2Model model = TestModels.randomModel(TestModels.tinyConfig(), backend, 1);
            float[] biasBefore = model.parameters().get("h.0.attn.c_attn.bias").toArray();
            float[] weightBefore = model.parameters().get("h.0.attn.c_attn.weight").toArray();
            // With zero gradients Adam's step is zero, so only the decay moves anything.
            AdamW.forModel(model, 0.9f, 0.95f, 1e-8f, 0.5f).step(0.1f);
            assertArrayEquals(biasBefore, model.parameters().get("h.0.attn.c_attn.bias").toArray());
            float[] weightAfter = model.parameters().get("h.0.attn.c_attn.weight").toArray();
            for (int i = 0; i < weightBefore.length; i++) {
                assertEquals(weightBefore[i] * (1 - 0.1f * 0.5f), weightAfter[i], 1e-7f);
            }
        }
    }
}
