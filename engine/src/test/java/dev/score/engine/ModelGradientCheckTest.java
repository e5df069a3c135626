package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole model's analytic gradients against central finite differences of its float32 loss, at a
 * few coordinates of every parameter tensor. Step 1e-2: small enough that the O(h²) truncation error
 * stays near 1e-4, large enough that float32 rounding of a loss near 3.6 (about 4e-7) moves the
 * difference quotient by only ~2e-5.
 */
class ModelGradientCheckTest {
    private static final double STEP = 1e-2;
    private static final double ATOL = 5e-4;
    private static final double RTOL = 2e-2;

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Gpt2Config config = TestModels.tinyConfig();
            Gpt2Model model = TestModels.randomModel(config, backend, 11);
            int batch = 2;
            int t = 9;
            int[] tokens = TestModels.randomTokens(batch * t, config.vocabSize(), 5);
            int[] targets = TestModels.randomTokens(batch * t, config.vocabSize(), 6);
            targets[3] = -1; // an ignored position must not disturb anything

            model.loss(tokens, targets, batch, t).backward();
            Rng rng = new Rng(99);
            int checked = 0;
            for (Map.Entry<String, Tensor> entry : model.parameters().entrySet()) {
                Tensor p = entry.getValue();
                float[] analytic = p.gradToArray();
                for (int probe = 0; probe < 3; probe++) {
                    int i = rng.nextInt(p.size());
                    double numeric = finiteDifference(model, p, i, tokens, targets, batch, t);
                    double error = Math.abs(numeric - analytic[i]);
                    assertTrue(error <= ATOL + RTOL * Math.abs(numeric), entry.getKey() + "[" + i + "]: analytic "
                            + analytic[i] + ", finite difference " + numeric);
                    checked++;
                }
            }
            assertTrue(checked >= 3 * (4 + 12 * config.nLayer()));
        }
    }

    private static double finiteDifference(Gpt2Model model, Tensor p, int i, int[] tokens, int[] targets, int batch,
            int t) {
        float[] values = p.toArray();
        float original = values[i];
        try (GradMode.Scope off = GradMode.disabled()) {
            values[i] = (float) (original + STEP);
            p.set(values);
            double plus = model.loss(tokens, targets, batch, t).item();
            values[i] = (float) (original - STEP);
            p.set(values);
            double minus = model.loss(tokens, targets, batch, t).item();
            values[i] = original;
            p.set(values);
            return (plus - minus) / (2 * STEP);
        }
    }
}
