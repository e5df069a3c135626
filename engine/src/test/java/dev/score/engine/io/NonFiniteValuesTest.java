package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAboutTensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NaN or an infinity in a model's weights or in AdamW's moments is refused at loading, naming the tensor and index. */
class NonFiniteValuesTest {

    private static final Gpt2Config CONFIG = Gpt2ConfigTest.TINY;

    @TempDir
    Path dir;

    @Test
    void aNaNWeightIsNamedWithItsIndex() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 3);
        weights.get("h.0.attn.c_attn.weight")[100] = Float.NaN;
        Checkpoint.save(dir, CONFIG, weights);
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "h.0.attn.c_attn.weight",
                () -> Checkpoint.load(dir), "holds NaN at index 100");
    }

    @Test
    void anInfiniteWeightIsNamed() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 3);
        weights.get("ln_f.bias")[0] = Float.NEGATIVE_INFINITY;
        Checkpoint.save(dir, CONFIG, weights);
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "ln_f.bias",
                () -> Checkpoint.load(dir), "holds -Infinity at index 0");
    }

    @Test
    void anInfiniteHalfPrecisionWeightIsNamed() {
        // F16 0x7C00 is +Infinity; stored under Hugging Face's prefixed name.
        RawSafeTensors.Builder file = new RawSafeTensors.Builder();
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 4);
        CONFIG.parameterShapes().forEach((name, shape) -> {
            int[] bits = new int[weights.get(name).length];
            if (name.equals("wpe.weight")) {
                bits[5] = 0x7C00;
            }
            file.add("transformer." + name, "F16", shape, RawSafeTensors.halves(bits));
        });
        file.write(dir.resolve(Checkpoint.MODEL_FILE));
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "transformer.wpe.weight",
                () -> Checkpoint.load(dir), "holds +Infinity at index 5");
    }

    @Test
    void aNaNMomentIsNamed() {
        Map<String, float[]> second = TestWeights.random(CONFIG, 6);
        second.get("wte.weight")[7] = Float.NaN;
        new TrainingState(3, TestWeights.random(CONFIG, 5), second, new long[] {1, 2},
                JsonFiles.MAPPER.createObjectNode()).save(dir, CONFIG);
        assertFailsAboutTensor(dir.resolve(TrainingState.TENSORS_FILE), "v.wte.weight",
                () -> TrainingState.load(dir, CONFIG), "holds NaN at index 7");
    }
}
