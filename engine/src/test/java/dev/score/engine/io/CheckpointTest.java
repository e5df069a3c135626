package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model directories: our own round trip, Hugging Face's naming variants, and every mismatch. */
class CheckpointTest {

    static final Gpt2Config CONFIG = Gpt2ConfigTest.TINY;

    @TempDir
    Path dir;

    private Path modelFile() {
        return dir.resolve(Checkpoint.MODEL_FILE);
    }

    /** A directory with our config and {@code tensors} as its model file. */
    private Path directoryWith(LinkedHashMap<String, TensorData> tensors) {
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        SafeTensors.write(modelFile(), tensors, Map.of("format", "pt"));
        return dir;
    }

    private static LinkedHashMap<String, TensorData> canonicalTensors() {
        return TestWeights.asTensors(CONFIG, TestWeights.random(CONFIG, 1), "");
    }

    private static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()));
        expected.forEach((name, values) -> SafeTensorsRoundTripTest.assertSameBits(values, actual.get(name)));
    }

    private static float[] finite(float[] values) {
        int n = 0;
        float[] kept = new float[values.length];
        for (float v : values) {
            if (Float.isFinite(v)) {
                kept[n++] = v;
            }
        }
        return java.util.Arrays.copyOf(kept, n);
    }

    @Test
    void saveThenLoadGivesBackEveryBit() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 7);
        // A checkpoint refuses non-finite weights, so only the finite awkward values go through it.
        float[] awkward = finite(SafeTensorsRoundTripTest.AWKWARD_FLOATS);
        System.arraycopy(awkward, 0, weights.get("wte.weight"), 0, awkward.length);
        Path target = dir.resolve("nested/run/step-10");
        Checkpoint.save(target, CONFIG, weights);

        LoadedWeights loaded = Checkpoint.load(target);
        assertEquals(CONFIG, loaded.config());
        assertSameWeights(weights, loaded.weights());
    }

    @Test
    void savedFileHoldsCanonicalNamesInOrderAndTheFormatTag() {
        Checkpoint.save(dir, CONFIG, TestWeights.random(CONFIG, 7));
        try (SafeTensorsFile file = SafeTensors.read(modelFile())) {
            assertEquals(List.copyOf(CONFIG.parameterShapes().keySet()), List.copyOf(file.names()));
            assertEquals("pt", file.metadata().get("format"));
            CONFIG.parameterShapes().forEach((name, shape) -> assertEquals(DType.F32, file.dtype(name)));
        }
    }

    @Test
    void loadOrdersWeightsCanonicallyWhateverTheFileOrder() {
        LinkedHashMap<String, TensorData> reversed = new LinkedHashMap<>();
        canonicalTensors().sequencedEntrySet().reversed().forEach(e -> reversed.put(e.getKey(), e.getValue()));
        LoadedWeights loaded = Checkpoint.load(directoryWith(reversed));
        assertEquals(List.copyOf(CONFIG.parameterShapes().keySet()), List.copyOf(loaded.weights().keySet()));
    }

    @Test
    void acceptsTheTransformerPrefixOfGpt2LmHeadModel() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 3);
        LoadedWeights loaded = Checkpoint.load(directoryWith(TestWeights.asTensors(CONFIG, weights, "transformer.")));
        assertSameWeights(weights, loaded.weights());
    }

    @Test
    void skipsHuggingFaceAttentionBuffers() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 3);
        LinkedHashMap<String, TensorData> tensors = TestWeights.asTensors(CONFIG, weights, "transformer.");
        int p = CONFIG.nPositions();
        tensors.put("transformer.h.0.attn.bias", TensorData.floats(new float[p * p], 1, 1, p, p));
        tensors.put("transformer.h.0.attn.masked_bias", TensorData.floats(new float[] {-1e4f}));
        tensors.put("h.1.attn.bias", TensorData.floats(new float[p * p], 1, 1, p, p));
        tensors.put("h.1.attn.masked_bias", TensorData.floats(new float[] {-1e4f}));
        assertSameWeights(weights, Checkpoint.load(directoryWith(tensors)).weights());
    }

    /** Our canonical tensors as F32 entries of a hand-built file, with {@code replaced} given another dtype. */
    private static RawSafeTensors.Builder canonicalEntriesExcept(String replaced) {
        RawSafeTensors.Builder builder = new RawSafeTensors.Builder();
        canonicalTensors().forEach((name, tensor) -> {
            if (!name.equals(replaced)) {
                builder.add(name, "F32", tensor.shape(), RawSafeTensors.f32(((TensorData.Floats) tensor).values().toArray()));
            }
        });
        return builder;
    }

    @Test
    void skipsABooleanCausalMask() {
        int p = CONFIG.nPositions();
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        canonicalEntriesExcept("").add("h.0.attn.bias", "BOOL", new int[] {1, 1, p, p}, new byte[p * p]).write(modelFile());
        assertEquals(CONFIG.parameterShapes().size(), Checkpoint.load(dir).weights().size());
    }

    @Test
    void readsHalfPrecisionWeights() {
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        int[] ones = new int[6];
        Arrays.fill(ones, 0x3C00);
        canonicalEntriesExcept("ln_f.weight").add("ln_f.weight", "F16", new int[] {6}, RawSafeTensors.halves(ones))
                .write(modelFile());
        SafeTensorsRoundTripTest.assertSameBits(new float[] {1, 1, 1, 1, 1, 1}, Checkpoint.load(dir).weights().get("ln_f.weight"));
    }

    @Test
    void unreadableDtype() {
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        canonicalEntriesExcept("wpe.weight").add("wpe.weight", "I32", new int[] {8, 6}, new byte[8 * 6 * 4])
                .write(modelFile());
        assertFailsAboutTensor(modelFile(), "wpe.weight", () -> Checkpoint.load(dir),
                "dtype I32 cannot be read as floats");
    }

    @Test
    void anAttentionBiasOfAnotherRankIsUnexpected() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.put("h.0.attn.bias", TensorData.floats(new float[18], 18));
        assertFailsAboutTensor(modelFile(), "h.0.attn.bias", () -> Checkpoint.load(directoryWith(tensors)),
                "unexpected");
    }

    @Test
    void acceptsATiedLmHead() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 5);
        LinkedHashMap<String, TensorData> tensors = TestWeights.asTensors(CONFIG, weights, "transformer.");
        tensors.put("lm_head.weight", TensorData.floats(weights.get("wte.weight").clone(), 11, 6));
        assertSameWeights(weights, Checkpoint.load(directoryWith(tensors)).weights());
    }

    @Test
    void rejectsAnUntiedLmHead() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 5);
        LinkedHashMap<String, TensorData> tensors = TestWeights.asTensors(CONFIG, weights, "");
        float[] head = weights.get("wte.weight").clone();
        head[17] += 1e-3f;
        tensors.put("lm_head.weight", TensorData.floats(head, 11, 6));
        assertFailsAboutTensor(modelFile(), "lm_head.weight", () -> Checkpoint.load(directoryWith(tensors)),
                "untied lm_head is not supported");
    }

    @Test
    void rejectsAnLmHeadOfTheWrongShape() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.put("lm_head.weight", TensorData.floats(new float[66], 6, 11));
        assertFailsAboutTensor(modelFile(), "lm_head.weight", () -> Checkpoint.load(directoryWith(tensors)),
                "expected shape [11, 6], found [6, 11]");
    }

    @Test
    void shapeMismatchSaysExpectedAndFound() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.put("h.0.attn.c_attn.weight", TensorData.floats(new float[108], 18, 6));
        Path directory = directoryWith(tensors);
        CheckpointException e = assertFailsAboutTensor(modelFile(), "h.0.attn.c_attn.weight",
                () -> Checkpoint.load(directory));
        assertEquals(modelFile() + ": tensor 'h.0.attn.c_attn.weight': expected shape [6, 18], found [18, 6]",
                e.getMessage());
    }

    @Test
    void missingTensor() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.remove("h.1.mlp.c_fc.bias");
        tensors.remove("ln_f.bias");
        assertFailsAboutTensor(modelFile(), "h.1.mlp.c_fc.bias", () -> Checkpoint.load(directoryWith(tensors)),
                "missing from the file (and 1 more)");
    }

    @Test
    void unexpectedTensorFromAnotherLayerCount() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.put("h.2.ln_1.weight", TensorData.floats(new float[6], 6));
        assertFailsAboutTensor(modelFile(), "h.2.ln_1.weight", () -> Checkpoint.load(directoryWith(tensors)),
                "unexpected: not a parameter of GPT-2 with n_layer = 2");
    }

    @Test
    void sameParameterWithAndWithoutPrefix() {
        LinkedHashMap<String, TensorData> tensors = canonicalTensors();
        tensors.put("transformer.wpe.weight", tensors.get("wpe.weight"));
        assertFailsAboutTensor(modelFile(), "transformer.wpe.weight", () -> Checkpoint.load(directoryWith(tensors)),
                "duplicates tensor 'wpe.weight'");
    }

    @Test
    void missingDirectory() {
        Path absent = dir.resolve("absent");
        assertFailsAbout(absent, () -> Checkpoint.load(absent), "no such checkpoint directory");
    }

    @Test
    void fileInsteadOfDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("model.bin"), "x");
        assertFailsAbout(file, () -> Checkpoint.load(file), "not a directory");
    }

    @Test
    void missingConfig() {
        SafeTensors.write(modelFile(), canonicalTensors(), Map.of());
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        assertFailsAbout(config, () -> Checkpoint.load(dir), "missing", "config.json and model.safetensors");
    }

    @Test
    void missingModelFile() {
        CONFIG.write(dir.resolve(Checkpoint.CONFIG_FILE));
        assertFailsAbout(modelFile(), () -> Checkpoint.load(dir), "missing", "config.json and model.safetensors");
    }

    @Test
    void saveRejectsAMissingParameter() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 1);
        weights.remove("wpe.weight");
        assertFailsAboutTensor(modelFile(), "wpe.weight", () -> Checkpoint.save(dir, CONFIG, weights), "no values given");
        assertNothingWritten();
    }

    @Test
    void saveRejectsAWrongLength() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 1);
        weights.put("h.0.ln_2.bias", new float[5]);
        assertFailsAboutTensor(modelFile(), "h.0.ln_2.bias", () -> Checkpoint.save(dir, CONFIG, weights),
                "shape [6] needs 6 values, got 5");
        assertNothingWritten();
    }

    @Test
    void saveRejectsAnUnknownParameter() {
        LinkedHashMap<String, float[]> weights = TestWeights.random(CONFIG, 1);
        weights.put("lm_head.weight", weights.get("wte.weight"));
        assertFailsAboutTensor(modelFile(), "lm_head.weight", () -> Checkpoint.save(dir, CONFIG, weights),
                "not a parameter of this config");
        assertNothingWritten();
    }

    @Test
    void saveOntoARegularFileFails() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertFailsAbout(file, () -> Checkpoint.save(file, CONFIG, TestWeights.random(CONFIG, 1)),
                "exists and is not a directory");
    }

    private void assertNothingWritten() {
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.findAny().isEmpty());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
