package dev.score.engine;

import static dev.score.engine.ParityFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.score.engine.io.SafeTensorsFile;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole model against PyTorch, llm.c's three levels: step-0 logits, step-0 loss and every
 * parameter gradient, then the losses of ten AdamW steps with gradient clipping, on a checkpoint
 * PyTorch wrote in Hugging Face layout. Tolerances: 1e-5 absolute plus 1e-5 relative on logits, loss
 * and gradients (float32 against float32; the fixture's own float64 re-run differs by ~1e-7); the
 * parameters after ten Adam steps get 5e-5, as Adam's normalization magnifies last-bit differences in
 * tiny gradients.
 */
class Gpt2ParityTest {
    private static final double TOL = 1e-5;

    static Stream<String> backends() {
        return Stream.of("scalar", "vector");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void logitsLossAndEveryGradientMatchPyTorch(String backendName) {
        JsonNode expected = ParityFixtures.json("gpt2-tiny-expected.json");
        SafeTensorsFile tensors = ParityFixtures.tensors("gpt2-tiny-expected.safetensors");
        int batch = expected.get("B").asInt();
        int t = expected.get("T").asInt();
        int[] x = ParityFixtures.flatInts(expected.get("x"));
        int[] y = ParityFixtures.flatInts(expected.get("y"));
        try (Backend backend = Backends.create(backendName, 2)) {
            Gpt2Model model = Gpt2Model.load(ParityFixtures.DIR.resolve("gpt2-tiny"), backend);
            Tensor logits = model.logits(x, batch, t);
            assertClose(tensors.floats("logits"), logits.toArray(), TOL, TOL, "logits");
            Tensor loss = Ops.crossEntropy(logits, y);
            assertEquals(expected.get("loss").asDouble(), loss.item(), TOL * 4.6, "loss");
            loss.backward();
            for (Map.Entry<String, Tensor> p : model.parameters().entrySet()) {
                assertClose(tensors.floats("grad." + p.getKey()), p.getValue().gradToArray(), TOL, TOL,
                        "grad." + p.getKey());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void tenAdamWStepsFollowPyTorch(String backendName) {
        JsonNode expected = ParityFixtures.json("gpt2-tiny-expected.json");
        JsonNode train = expected.get("train");
        SafeTensorsFile tensors = ParityFixtures.tensors("gpt2-tiny-expected.safetensors");
        int batch = expected.get("B").asInt();
        int t = expected.get("T").asInt();
        int[] x = ParityFixtures.flatInts(expected.get("x"));
        int[] y = ParityFixtures.flatInts(expected.get("y"));
        try (Backend backend = Backends.create(backendName, 2)) {
            Gpt2Model model = Gpt2Model.load(ParityFixtures.DIR.resolve("gpt2-tiny"), backend);
            JsonNode betas = train.get("betas");
            AdamW optimizer = AdamW.uniform(model.parameters(), (float) betas.get(0).asDouble(),
                    (float) betas.get(1).asDouble(), (float) train.get("eps").asDouble(),
                    (float) train.get("weight_decay").asDouble());
            for (int step = 0; step < train.get("steps").asInt(); step++) {
                model.zeroGrad();
                Tensor loss = model.loss(x, y, batch, t);
                assertEquals(train.get("losses").get(step).asDouble(), loss.item(), TOL * 4.6, "loss before step " + step);
                loss.backward();
                double norm = GradientClipping.clipGlobalNorm(model.parameters().values(),
                        train.get("clip_grad_norm").asDouble());
                assertEquals(train.get("grad_norms").get(step).asDouble(), norm, TOL * 1.5, "gradient norm, step " + step);
                optimizer.step((float) train.get("lr").asDouble());
            }
            for (Map.Entry<String, Tensor> p : model.parameters().entrySet()) {
                assertClose(tensors.floats("final." + p.getKey()), p.getValue().toArray(), 5e-5, 0,
                        "final." + p.getKey());
            }
            assertEquals(train.get("final_loss").asDouble(), model.loss(x, y, batch, t).item(), TOL * 4.6);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHalfPrecisionCheckpointIsWidenedOnLoad(String backendName) {
        JsonNode expected = ParityFixtures.json("gpt2-tiny-expected.json");
        try (Backend backend = Backends.create(backendName, 2);
                GradMode.Scope off = GradMode.disabled()) {
            Gpt2Model model = Gpt2Model.load(ParityFixtures.DIR.resolve("gpt2-tiny-f16"), backend);
            float loss = model.loss(ParityFixtures.flatInts(expected.get("x")), ParityFixtures.flatInts(expected.get("y")),
                    expected.get("B").asInt(), expected.get("T").asInt()).item();
            assertEquals(expected.get("f16_loss").asDouble(), loss, TOL * 4.6);
        }
    }
}
