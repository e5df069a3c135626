package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.SafeTensors;
import dev.score.engine.io.SafeTensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The PyTorch reference data in {@code parity/fixtures} (made by {@code parity/make_fixtures.py}; its
 * README documents every name), and the one comparison every parity test uses.
 */
final class ParityFixtures {
    static final Path DIR = Path.of("..", "parity", "fixtures").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParityFixtures() {
    }

    static SafeTensorsFile tensors(String file) {
        return SafeTensors.read(DIR.resolve(file));
    }

    static JsonNode json(String file) {
        try {
            return JSON.readTree(DIR.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    /** A [B][T] JSON array flattened row-major. */
    static int[] flatInts(JsonNode rows) {
        int width = rows.get(0).size();
        int[] values = new int[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(ints(rows.get(r)), 0, values, r * width, width);
        }
        return values;
    }

    /** Logits, loss and gradients to 1e-5 (absolute plus relative): float32 against float32. */
    static final double TOL = 1e-5;

    /**
     * Step 0 of {@code MODEL-expected.*} on {@code model}: the logits, the loss and every parameter's gradient
     * against PyTorch's, to {@link #TOL}.
     */
    static void assertStepZeroMatches(CausalLm model, String fixture) {
        JsonNode expected = json(fixture + "-expected.json");
        SafeTensorsFile tensors = tensors(fixture + "-expected.safetensors");
        int batch = expected.get("B").asInt();
        int t = expected.get("T").asInt();
        Tensor logits = model.logits(flatInts(expected.get("x")), batch, t);
        assertClose(tensors.floats("logits"), logits.toArray(), TOL, TOL, "logits");
        Tensor loss = Ops.crossEntropy(logits, flatInts(expected.get("y")));
        assertEquals(expected.get("loss").asDouble(), loss.item(), TOL * 4.6, "loss");
        loss.backward();
        for (Map.Entry<String, Tensor> p : model.parameters().entrySet()) {
            assertClose(tensors.floats("grad." + p.getKey()), p.getValue().gradToArray(), TOL, TOL, "grad." + p.getKey());
        }
    }

    /**
     * The ten AdamW steps with clipping of {@code MODEL-expected.*} on {@code model}: each step's loss and gradient
     * norm, then the final parameters to 5e-5 (Adam's normalization magnifies last-bit differences in tiny
     * gradients) and the final loss.
     */
    static void assertTrainingMatches(CausalLm model, String fixture) {
        JsonNode expected = json(fixture + "-expected.json");
        JsonNode train = expected.get("train");
        SafeTensorsFile tensors = tensors(fixture + "-expected.safetensors");
        int batch = expected.get("B").asInt();
        int t = expected.get("T").asInt();
        int[] x = flatInts(expected.get("x"));
        int[] y = flatInts(expected.get("y"));
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
            assertClose(tensors.floats("final." + p.getKey()), p.getValue().toArray(), 5e-5, 0, "final." + p.getKey());
        }
        assertEquals(train.get("final_loss").asDouble(), model.loss(x, y, batch, t).item(), TOL * 4.6);
    }

    /** {@code |actual − expected| ≤ atol + rtol·|expected|} everywhere; the message names the worst index. */
    static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs((double) actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (!(excess <= worstExcess)) { // also catches NaN
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": index " + worst + " is " + actual[worst] + ", PyTorch has "
                    + expected[worst] + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }
}
