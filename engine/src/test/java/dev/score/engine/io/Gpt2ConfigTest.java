package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Hugging Face's config.json, writing our own, and the parameter layout it implies. */
class Gpt2ConfigTest {

    static final Gpt2Config TINY = new Gpt2Config(11, 8, 6, 2, 3, 1e-5, "gelu_new", null);

    @TempDir
    Path dir;

    private Path huggingFaceGpt2Config() throws IOException {
        Path file = dir.resolve("config.json");
        try (InputStream in = getClass().getResourceAsStream("/io/gpt2-config.json")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** Hugging Face's GPT-2 config with {@code key} set to the raw JSON {@code value}, or removed when null. */
    private Path editedConfig(String key, String value) throws IOException {
        ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(huggingFaceGpt2Config().toFile());
        if (value == null) {
            json.remove(key);
        } else {
            json.set(key, JsonFiles.MAPPER.readTree(value));
        }
        Path file = dir.resolve("edited.json");
        Files.writeString(file, json.toString());
        return file;
    }

    @Test
    void readsHuggingFaceGpt2SmallIgnoringOtherKeys() throws IOException {
        Gpt2Config config = Gpt2Config.read(huggingFaceGpt2Config());
        assertEquals(new Gpt2Config(50257, 1024, 768, 12, 12, 1e-5, "gelu_new", null), config);
        assertEquals(64, config.headDim());
        assertEquals(3072, config.mlpWidth());
    }

    @Test
    void gpt2SmallHasItsKnownParameterCount() throws IOException {
        LinkedHashMap<String, int[]> shapes = Gpt2Config.read(huggingFaceGpt2Config()).parameterShapes();
        assertEquals(2 + 12 * 12 + 2, shapes.size());
        long total = shapes.values().stream().mapToLong(Shapes::elementCount).sum();
        assertEquals(124_439_808L, total);
    }

    @Test
    void explicitInnerWidthAndTheOtherGeluName() throws IOException {
        Path file = editedConfig("n_inner", "100");
        Files.writeString(file, Files.readString(file).replace("gelu_new", "gelu_pytorch_tanh"));
        Gpt2Config config = Gpt2Config.read(file);
        assertEquals(100, config.nInner());
        assertEquals(100, config.mlpWidth());
        assertEquals("gelu_pytorch_tanh", config.activationFunction());
        assertNull(Gpt2Config.read(editedConfig("n_inner", null)).nInner());
    }

    @Test
    void parameterShapesFollowHuggingFaceOrderAndConv1dLayout() {
        Gpt2Config config = new Gpt2Config(11, 8, 6, 2, 3, 1e-5, "gelu_new", 10);
        List<String> expectedNames = new ArrayList<>(List.of("wte.weight", "wpe.weight"));
        for (int i = 0; i < 2; i++) {
            for (String suffix : List.of("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                    "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight",
                    "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")) {
                expectedNames.add("h." + i + "." + suffix);
            }
        }
        expectedNames.addAll(List.of("ln_f.weight", "ln_f.bias"));
        LinkedHashMap<String, int[]> shapes = config.parameterShapes();
        assertEquals(expectedNames, List.copyOf(shapes.keySet()));
        assertArrayEquals(new int[] {11, 6}, shapes.get("wte.weight"));
        assertArrayEquals(new int[] {8, 6}, shapes.get("wpe.weight"));
        assertArrayEquals(new int[] {6}, shapes.get("h.1.ln_1.bias"));
        assertArrayEquals(new int[] {6, 18}, shapes.get("h.0.attn.c_attn.weight"));
        assertArrayEquals(new int[] {18}, shapes.get("h.0.attn.c_attn.bias"));
        assertArrayEquals(new int[] {6, 6}, shapes.get("h.1.attn.c_proj.weight"));
        assertArrayEquals(new int[] {6, 10}, shapes.get("h.0.mlp.c_fc.weight"));
        assertArrayEquals(new int[] {10}, shapes.get("h.0.mlp.c_fc.bias"));
        assertArrayEquals(new int[] {10, 6}, shapes.get("h.1.mlp.c_proj.weight"));
        assertArrayEquals(new int[] {6}, shapes.get("ln_f.weight"));
    }

    @Test
    void writeThenReadGivesTheSameConfig() {
        for (Gpt2Config config : List.of(TINY, new Gpt2Config(50257, 1024, 768, 12, 12, 1e-5, "gelu_pytorch_tanh", 77))) {
            Path file = dir.resolve("written.json");
            config.write(file);
            assertEquals(config, Gpt2Config.read(file));
        }
    }

    @Test
    void writtenConfigCarriesWhatHuggingFaceNeeds() throws IOException {
        Path file = dir.resolve("config.json");
        TINY.write(file);
        JsonNode json = JsonFiles.MAPPER.readTree(file.toFile());
        assertEquals("gpt2", json.get("model_type").textValue());
        assertEquals("GPT2LMHeadModel", json.get("architectures").get(0).textValue());
        assertEquals(8, json.get("n_ctx").intValue());
        assertEquals(8, json.get("n_positions").intValue());
        assertEquals(11, json.get("vocab_size").intValue());
        assertEquals(1e-5, json.get("layer_norm_epsilon").doubleValue());
        assertEquals(true, json.get("n_inner").isNull());
    }

    @Test
    void missingKey() throws IOException {
        Path file = editedConfig("n_head", null);
        assertFailsAbout(file, () -> Gpt2Config.read(file), "missing key \"n_head\" (expected an integer)");
    }

    @Test
    void integerGivenAsString() throws IOException {
        Path file = editedConfig("n_embd", "\"768\"");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_embd\": expected an integer, found string \"768\"");
    }

    @Test
    void integerGivenAsFraction() throws IOException {
        Path file = editedConfig("n_layer", "12.5");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_layer\": expected an integer, found number 12.5");
    }

    @Test
    void integerTooLargeForAnInt() throws IOException {
        Path file = editedConfig("vocab_size", "3000000000");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"vocab_size\": expected an integer");
    }

    @Test
    void epsilonGivenAsString() throws IOException {
        Path file = editedConfig("layer_norm_epsilon", "\"1e-5\"");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"layer_norm_epsilon\": expected a number");
    }

    @Test
    void activationGivenAsNull() throws IOException {
        Path file = editedConfig("activation_function", "null");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"activation_function\": expected a string, found null");
    }

    @Test
    void innerWidthGivenAsString() throws IOException {
        Path file = editedConfig("n_inner", "\"3072\"");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_inner\": expected an integer or null");
    }

    @Test
    void zeroSize() throws IOException {
        Path file = editedConfig("n_positions", "0");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_positions\": expected a positive integer, found 0");
    }

    @Test
    void negativeSize() throws IOException {
        Path file = editedConfig("n_inner", "-4");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_inner\": expected a positive integer, found -4");
    }

    @Test
    void embeddingNotDivisibleByHeads() throws IOException {
        Path file = editedConfig("n_head", "10");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"n_embd\": expected a multiple of n_head (10), found 768");
    }

    @Test
    void nonPositiveEpsilon() throws IOException {
        Path file = editedConfig("layer_norm_epsilon", "0");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"layer_norm_epsilon\": expected a positive number, found 0.0");
    }

    @Test
    void unsupportedActivation() throws IOException {
        Path file = editedConfig("activation_function", "\"relu\"");
        assertFailsAbout(file, () -> Gpt2Config.read(file),
                "key \"activation_function\": expected \"gelu_new\" or \"gelu_pytorch_tanh\", found \"relu\"");
    }

    @Test
    void parameterTooLargeForOneArray() throws IOException {
        Path file = editedConfig("vocab_size", "2000000000");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "vocab_size × n_embd", "more than one Java array can hold");
    }

    @Test
    void notJson() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"n_embd\": 768,,}");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "not valid JSON", "line 1");
    }

    @Test
    void notAnObject() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "\"gpt2\"");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "expected a JSON object, found string \"gpt2\"");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("config.json");
        assertFailsAbout(file, () -> Gpt2Config.read(file), "cannot read: no such file or directory");
    }

    @Test
    void constructorValidatesToo() {
        assertThrows(IllegalArgumentException.class, () -> new Gpt2Config(11, 8, 6, 2, 4, 1e-5, "gelu_new", null));
        assertThrows(IllegalArgumentException.class, () -> new Gpt2Config(11, 8, 6, 2, 3, 1e-5, null, null));
    }
}
