package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer and RNG state saved beside a model, for resuming a run exactly. */
class TrainingStateTest {

    static final Gpt2Config CONFIG = Gpt2ConfigTest.TINY;
    static final long[] RNG = {0x9E37_79B9_7F4A_7C15L, -1, 0, Long.MIN_VALUE};

    @TempDir
    Path dir;

    private static TrainingState state(long step) {
        ObjectNode extras = JsonFiles.MAPPER.createObjectNode();
        extras.put("stage", "two");
        extras.putArray("recent_rewards").add(0.25).add(1.0);
        extras.putObject("data").put("epoch", 3).put("cursor", 1_234_567_890_123L);
        return new TrainingState(step, TestWeights.random(CONFIG, 11), TestWeights.random(CONFIG, 12), RNG, extras);
    }

    private Path tensorsFile() {
        return dir.resolve(TrainingState.TENSORS_FILE);
    }

    private Path jsonFile() {
        return dir.resolve(TrainingState.JSON_FILE);
    }

    private static void assertSameMoments(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(List.copyOf(CONFIG.parameterShapes().keySet()), List.copyOf(actual.keySet()));
        expected.forEach((name, values) -> SafeTensorsRoundTripTest.assertSameBits(values, actual.get(name)));
    }

    /** A saved state whose tensors file is then replaced by {@code tensors}, keeping the save id. */
    private void saveWithTensors(LinkedHashMap<String, TensorData> tensors) {
        state(5).save(dir, CONFIG);
        String saveId;
        try (SafeTensorsFile file = SafeTensors.read(tensorsFile())) {
            saveId = file.metadata().get("save_id");
        }
        SafeTensors.write(tensorsFile(), tensors, Map.of("save_id", saveId));
    }

    private static LinkedHashMap<String, TensorData> validTensors() {
        TrainingState state = state(5);
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.putAll(TestWeights.asTensors(CONFIG, state.firstMoments(), "m."));
        tensors.putAll(TestWeights.asTensors(CONFIG, state.secondMoments(), "v."));
        tensors.put("rng_state", TensorData.longs(RNG, RNG.length));
        return tensors;
    }

    @Test
    void saveThenLoadGivesBackEverything() {
        TrainingState saved = state(1234);
        Checkpoint.save(dir, CONFIG, TestWeights.random(CONFIG, 1));
        assertFalse(TrainingState.existsIn(dir));
        saved.save(dir, CONFIG);
        assertTrue(TrainingState.existsIn(dir));

        TrainingState loaded = TrainingState.load(dir, CONFIG);
        assertEquals(1234, loaded.step());
        assertSameMoments(saved.firstMoments(), loaded.firstMoments());
        assertSameMoments(saved.secondMoments(), loaded.secondMoments());
        assertArrayEquals(RNG, loaded.rngState());
        assertEquals(saved.extras(), loaded.extras());
        assertEquals(CONFIG, Checkpoint.load(dir).config());
    }

    @Test
    void tensorsFileHoldsPrefixedMomentsAndTheRngState() {
        state(3).save(dir, CONFIG);
        try (SafeTensorsFile file = SafeTensors.read(tensorsFile())) {
            assertTrue(file.contains("m.h.1.mlp.c_fc.weight"));
            assertTrue(file.contains("v.wte.weight"));
            assertEquals(DType.I64, file.dtype("rng_state"));
            assertEquals(2 * CONFIG.parameterShapes().size() + 1, file.names().size());
        }
    }

    @Test
    void momentOfTheWrongShape() {
        LinkedHashMap<String, TensorData> tensors = validTensors();
        tensors.put("v.h.0.mlp.c_fc.weight", TensorData.floats(new float[144], 24, 6));
        saveWithTensors(tensors);
        assertFailsAboutTensor(tensorsFile(), "v.h.0.mlp.c_fc.weight", () -> TrainingState.load(dir, CONFIG),
                "expected shape [6, 24], found [24, 6]");
    }

    @Test
    void missingMoment() {
        LinkedHashMap<String, TensorData> tensors = validTensors();
        tensors.remove("m.ln_f.bias");
        saveWithTensors(tensors);
        assertFailsAboutTensor(tensorsFile(), "m.ln_f.bias", () -> TrainingState.load(dir, CONFIG),
                "missing from the file");
    }

    @Test
    void missingRngState() {
        LinkedHashMap<String, TensorData> tensors = validTensors();
        tensors.remove("rng_state");
        saveWithTensors(tensors);
        assertFailsAboutTensor(tensorsFile(), "rng_state", () -> TrainingState.load(dir, CONFIG),
                "missing from the file");
    }

    @Test
    void rngStateOfTheWrongRank() {
        LinkedHashMap<String, TensorData> tensors = validTensors();
        tensors.put("rng_state", TensorData.longs(RNG, 2, 2));
        saveWithTensors(tensors);
        assertFailsAboutTensor(tensorsFile(), "rng_state", () -> TrainingState.load(dir, CONFIG),
                "expected a rank-1 tensor, found shape [2, 2]");
    }

    @Test
    void unexpectedTensor() {
        LinkedHashMap<String, TensorData> tensors = validTensors();
        tensors.put("grad.wte.weight", TensorData.floats(new float[66], 11, 6));
        saveWithTensors(tensors);
        assertFailsAboutTensor(tensorsFile(), "grad.wte.weight", () -> TrainingState.load(dir, CONFIG),
                "unexpected: not an AdamW moment");
    }

    @Test
    void momentsForAnotherConfig() {
        state(9).save(dir, CONFIG);
        Gpt2Config wider = new Gpt2Config(11, 8, 6, 2, 3, 1e-5, "gelu_new", 30);
        assertFailsAboutTensor(tensorsFile(), "m.h.0.mlp.c_fc.weight", () -> TrainingState.load(dir, wider),
                "expected shape [6, 30], found [6, 24]");
    }

    @Test
    void filesFromDifferentSavesAreDetected() throws IOException {
        state(1).save(dir, CONFIG);
        byte[] olderJson = Files.readAllBytes(jsonFile());
        state(2).save(dir, CONFIG);
        Files.write(jsonFile(), olderJson);
        assertFailsAbout(tensorsFile(), () -> TrainingState.load(dir, CONFIG),
                "does not match training_state.json", "different saves");
    }

    @Test
    void negativeStepInTheJson() throws IOException {
        state(1).save(dir, CONFIG);
        Files.writeString(jsonFile(), Files.readString(jsonFile()).replace("\"step\" : 1,", "\"step\" : -1,"));
        assertFailsAbout(jsonFile(), () -> TrainingState.load(dir, CONFIG),
                "key \"step\": expected a non-negative integer, found -1");
    }

    @Test
    void extrasThatAreNotAnObject() throws IOException {
        state(1).save(dir, CONFIG);
        ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(jsonFile().toFile());
        json.put("extras", "none");
        Files.writeString(jsonFile(), json.toString());
        assertFailsAbout(jsonFile(), () -> TrainingState.load(dir, CONFIG),
                "key \"extras\": expected an object, found string \"none\"");
    }

    @Test
    void unknownVersion() throws IOException {
        state(1).save(dir, CONFIG);
        ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(jsonFile().toFile());
        json.put("version", 2);
        Files.writeString(jsonFile(), json.toString());
        assertFailsAbout(jsonFile(), () -> TrainingState.load(dir, CONFIG), "key \"version\": expected 1, found 2");
    }

    @Test
    void missingFiles() throws IOException {
        Path absent = dir.resolve("absent");
        assertFailsAbout(absent, () -> TrainingState.load(absent, CONFIG), "no such checkpoint directory");
        assertFailsAbout(jsonFile(), () -> TrainingState.load(dir, CONFIG), "missing", "resuming a run needs");
        state(1).save(dir, CONFIG);
        Files.delete(tensorsFile());
        assertFailsAbout(tensorsFile(), () -> TrainingState.load(dir, CONFIG), "missing", "resuming a run needs");
    }

    @Test
    void saveRejectsMomentsThatDoNotFitTheConfig() {
        LinkedHashMap<String, float[]> second = TestWeights.random(CONFIG, 2);
        second.put("wpe.weight", new float[3]);
        TrainingState bad = new TrainingState(1, TestWeights.random(CONFIG, 1), second, RNG,
                JsonFiles.MAPPER.createObjectNode());
        assertFailsAboutTensor(tensorsFile(), "v.wpe.weight", () -> bad.save(dir, CONFIG),
                "shape [8, 6] needs 48 values, got 3");
        assertFalse(TrainingState.existsIn(dir));
    }
}
