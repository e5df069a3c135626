package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The graph mechanics: shared inputs, accumulation across backward calls, views, and no-grad mode. */
class AutogradTest {
    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = Backends.create("scalar", 1);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void aTensorUsedTwiceGetsBothGradients() {
        // loss = CE(x·W + x·W) with x used twice: dW must be twice the gradient of one use.
        Tensor x = Tensor.of(backend, new float[] {1, 2, 3, 4}, false, 2, 2);
        Tensor w = Tensor.of(backend, new float[] {0.5f, -1, 2, 0.25f}, true, 2, 2);
        Tensor single = Ops.matmul(x, w, MatmulForm.A_B);
        Ops.crossEntropy(Ops.add(single, single), new int[] {0, 1}).backward();
        float[] twice = w.gradToArray();

        Tensor w2 = Tensor.of(backend, new float[] {0.5f, -1, 2, 0.25f}, true, 2, 2);
        Tensor doubled = Ops.matmul(x, w2, MatmulForm.A_B);
        Tensor scaled = Ops.matmul(doubled, Tensor.of(backend, new float[] {2, 0, 0, 2}, false, 2, 2), MatmulForm.A_B);
        Ops.crossEntropy(scaled, new int[] {0, 1}).backward();
        assertArrayEquals(w2.gradToArray(), twice, 1e-6f);
    }

    @Test
    void leafGradientsAccumulateUntilZeroed() {
        Tensor logits = Tensor.of(backend, new float[] {0.1f, 0.2f, 0.3f}, true, 1, 3);
        Ops.crossEntropy(logits, new int[] {2}).backward();
        float[] once = logits.gradToArray();
        Ops.crossEntropy(logits, new int[] {2}).backward();
        float[] twice = logits.gradToArray();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[] {2 * once[i]}, new float[] {twice[i]}, 1e-7f);
        }
        logits.zeroGrad();
        assertArrayEquals(new float[3], logits.gradToArray());
    }

    @Test
    void viewsPassGradientsThrough() {
        Tensor flat = Tensor.of(backend, new float[] {1, 2, 3, 4, 5, 6}, true, 6);
        Ops.crossEntropy(flat.view(2, 3), new int[] {0, 2}).backward();
        Tensor direct = Tensor.of(backend, new float[] {1, 2, 3, 4, 5, 6}, true, 2, 3);
        Ops.crossEntropy(direct, new int[] {0, 2}).backward();
        assertArrayEquals(direct.gradToArray(), flat.gradToArray(), 0f);
    }

    @Test
    void noGradModeRecordsNothing() {
        Tensor w = Tensor.of(backend, new float[] {1, 2, 3, 4}, true, 2, 2);
        Tensor loss;
        try (GradMode.Scope off = GradMode.disabled()) {
            loss = Ops.crossEntropy(w, new int[] {0, 1});
        }
        assertFalse(loss.requiresGrad());
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void shapeMismatchesAreRefused() {
        Tensor a = Tensor.of(backend, new float[6], false, 2, 3);
        Tensor b = Tensor.of(backend, new float[6], false, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> Ops.matmul(a, b, MatmulForm.A_B));
        assertThrows(IllegalArgumentException.class, () -> Ops.crossEntropy(a, new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> a.view(4, 2));
    }
}
