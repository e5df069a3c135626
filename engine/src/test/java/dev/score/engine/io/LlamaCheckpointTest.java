package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static dev.score.engine.io.Failures.assertFailsAboutTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Llama-family model directories: the three PyTorch-written fixtures (see {@code parity/LLAMA.md}) read
 * as their configs say, and every way a directory can be wrong refused with the file and the key or
 * tensor named.
 */
class LlamaCheckpointTest {
    private static final Path FIXTURES = Path.of("..", "parity", "fixtures").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A copy of fixture {@code name} in the temporary directory. */
    private Path copyOf(String name) throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve(name))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private void editConfig(String from, String to) throws IOException {
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        String text = Files.readString(config);
        assertTrue(text.contains(from), () -> "config lacks " + from);
        Files.writeString(config, text.replace(from, to));
    }

    @Test
    void eachFixtureReadsAsItsFamily() {
        try (LlamaCheckpoint llama = LlamaCheckpoint.open(FIXTURES.resolve("llama3-tiny"));
                LlamaCheckpoint qwen2 = LlamaCheckpoint.open(FIXTURES.resolve("qwen2-tiny"));
                LlamaCheckpoint qwen3 = LlamaCheckpoint.open(FIXTURES.resolve("qwen3-tiny"))) {
            LlamaConfig l = llama.config();
            assertEquals(List.of(6, 2, 8, false, false, false), List.of(l.numAttentionHeads(), l.numKeyValueHeads(),
                    l.headDim(), l.tieWordEmbeddings(), l.qkvBias(), l.qkNorm()));
            assertEquals(RopeParameters.LLAMA3, l.rope().type());
            assertEquals(List.of(100), l.eosTokenIds());
            LlamaConfig q2 = qwen2.config();
            assertEquals(List.of(4, 2, 12, true, true, false, false), List.of(q2.numAttentionHeads(),
                    q2.numKeyValueHeads(), q2.headDim(), q2.tieWordEmbeddings(), q2.qkvBias(), q2.outputBias(),
                    q2.qkNorm()));
            LlamaConfig q3 = qwen3.config();
            assertEquals(List.of(16, true, true, 1_000_000.0), List.of(q3.headDim(), q3.tieWordEmbeddings(), q3.qkNorm(),
                    q3.rope().theta()));
            assertTrue(q3.parameterShapes().containsKey("model.layers.1.self_attn.k_norm.weight"));
            assertArrayEquals(new int[] {64, 48}, q3.parameterShapes().get("model.layers.0.self_attn.q_proj.weight"));
        }
    }

    /** The llama3 smoothing against the frequencies PyTorch used, which hit the kept, smoothed and divided branches. */
    @Test
    void llama3InverseFrequenciesAreHuggingFaces() throws IOException {
        JsonNode rope = new ObjectMapper().readTree(FIXTURES.resolve("llama3-tiny-expected.json").toFile()).get("rope");
        assertEquals(List.of("kept", "smoothed", "divided", "divided"),
                List.of(rope.get("llama3_branches").get(0).asText(), rope.get("llama3_branches").get(1).asText(),
                        rope.get("llama3_branches").get(2).asText(), rope.get("llama3_branches").get(3).asText()));
        try (LlamaCheckpoint llama = LlamaCheckpoint.open(FIXTURES.resolve("llama3-tiny"))) {
            float[] inv = llama.config().rope().inverseFrequencies(llama.config().headDim());
            assertEquals(rope.get("inv_freq").size(), inv.length);
            for (int i = 0; i < inv.length; i++) {
                assertEquals(rope.get("inv_freq").get(i).asDouble(), inv[i], 1e-9 * inv[i], "inv_freq[" + i + "]");
            }
        }
    }

    @Test
    void shardedBf16WeightsReadAsFloat32FromTheirShards() {
        try (LlamaCheckpoint llama = LlamaCheckpoint.open(FIXTURES.resolve("llama3-tiny"));
                SafeTensorsFile shard = SafeTensors.read(FIXTURES.resolve("llama3-tiny/model-00002-of-00002.safetensors"))) {
            assertEquals(DType.BF16, shard.dtype("lm_head.weight"));
            assertArrayEquals(shard.floats("lm_head.weight"), llama.values("lm_head.weight"));
        }
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        copyOf("qwen2-tiny");
        rewriteWithout("model.layers.1.self_attn.k_proj.bias");
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "model.layers.1.self_attn.k_proj.bias",
                () -> LlamaCheckpoint.open(dir), "missing from the file");
    }

    @Test
    void anUnexpectedTensorIsNamed() throws IOException {
        copyOf("qwen2-tiny");
        editConfig("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1");
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "model.layers.1.input_layernorm.weight",
                () -> LlamaCheckpoint.open(dir), "unexpected", "num_hidden_layers = 1");
    }

    @Test
    void aShapeThatDisagreesWithTheConfigIsNamed() throws IOException {
        copyOf("qwen3-tiny");
        editConfig("\"intermediate_size\": 64", "\"intermediate_size\": 60");
        assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "model.layers.0.mlp.down_proj.weight",
                () -> LlamaCheckpoint.open(dir), "expected shape [48, 60], found [48, 64]");
    }

    @Test
    void anIndexNamingAMissingShardIsRefused() throws IOException {
        copyOf("llama3-tiny");
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertFailsAbout(dir.resolve("model-00002-of-00002.safetensors"), () -> LlamaCheckpoint.open(dir),
                "missing", "a shard named by " + HfWeightFiles.INDEX_FILE);
    }

    @Test
    void aTensorTheIndexPlacesElsewhereIsRefused() throws IOException {
        copyOf("llama3-tiny");
        Path index = dir.resolve(HfWeightFiles.INDEX_FILE);
        String text = Files.readString(index);
        String entry = "\"lm_head.weight\": \"model-00002-of-00002.safetensors\"";
        assertTrue(text.contains(entry));
        Files.writeString(index, text.replace(entry, "\"lm_head.weight\": \"model-00001-of-00002.safetensors\""));
        assertFailsAboutTensor(dir.resolve("model-00001-of-00002.safetensors"), "lm_head.weight",
                () -> LlamaCheckpoint.open(dir), "missing from the file", "places it there");
    }

    @Test
    void unsupportedSemanticsAreRefusedByKey() throws IOException {
        copyOf("llama3-tiny");
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        editConfig("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\"");
        assertFailsAbout(config, () -> LlamaCheckpoint.open(dir), "key \"hidden_act\"", "\"gelu\"");
        editConfig("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"silu\"");
        editConfig("\"mlp_bias\": false", "\"mlp_bias\": true");
        assertFailsAbout(config, () -> LlamaCheckpoint.open(dir), "key \"mlp_bias\"");
        editConfig("\"mlp_bias\": true", "\"mlp_bias\": false");
        editConfig("\"rope_type\": \"llama3\"", "\"rope_type\": \"yarn\"");
        assertFailsAbout(config, () -> LlamaCheckpoint.open(dir), "rope type \"yarn\"");
        editConfig("\"rope_type\": \"yarn\"", "\"rope_type\": \"llama3\"");
        editConfig("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 4");
        assertFailsAbout(config, () -> LlamaCheckpoint.open(dir), "key \"num_key_value_heads\"", "divisor");
    }

    @Test
    void aTiedModelWhoseFileHoldsADifferentHeadIsRefused() throws IOException {
        copyOf("qwen2-tiny");
        LinkedHashMap<String, TensorData> tensors = readAll();
        float[] head = ((TensorData.Floats) tensors.get("model.embed_tokens.weight")).values().toArray();
        head[3] += 1;
        tensors.put("lm_head.weight", TensorData.floats(head, new int[] {101, 48}));
        SafeTensors.write(dir.resolve(Checkpoint.MODEL_FILE), tensors, Map.of("format", "pt"));
        try (LlamaCheckpoint checkpoint = LlamaCheckpoint.open(dir)) {
            assertFailsAboutTensor(dir.resolve(Checkpoint.MODEL_FILE), "lm_head.weight",
                    () -> checkpoint.values("model.embed_tokens.weight"), "tie_word_embeddings = true");
        }
    }

    @Test
    void saveWritesHuggingFaceNamesAndAConfigThatReadsBack() {
        try (LlamaCheckpoint llama = LlamaCheckpoint.open(FIXTURES.resolve("llama3-tiny"))) {
            LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
            llama.config().parameterShapes().keySet().forEach(name -> weights.put(name, llama.values(name)));
            LlamaCheckpoint.save(dir, llama.config(), weights);
            try (LlamaCheckpoint saved = LlamaCheckpoint.open(dir);
                    SafeTensorsFile file = SafeTensors.read(dir.resolve(Checkpoint.MODEL_FILE))) {
                assertEquals(llama.config(), saved.config());
                assertEquals(List.copyOf(weights.keySet()), List.copyOf(file.names()));
                assertArrayEquals(weights.get("lm_head.weight"), saved.values("lm_head.weight"));
                assertFalse(Files.exists(dir.resolve(HfWeightFiles.INDEX_FILE)));
            }
        }
    }

    private LinkedHashMap<String, TensorData> readAll() {
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        try (SafeTensorsFile file = SafeTensors.read(dir.resolve(Checkpoint.MODEL_FILE))) {
            for (String name : file.names()) {
                tensors.put(name, TensorData.floats(file.floats(name), file.shape(name)));
            }
        }
        return tensors;
    }

    private void rewriteWithout(String tensor) {
        LinkedHashMap<String, TensorData> tensors = readAll();
        assertTrue(tensors.remove(tensor) != null);
        SafeTensors.write(dir.resolve(Checkpoint.MODEL_FILE), tensors, Map.of("format", "pt"));
    }
}
