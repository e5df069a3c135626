package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.CheckpointException;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CausalLmsTest {

    @Test
    void aGpt2DirectoryLoadsAsGpt2WithOrWithoutItsModelType(@TempDir Path dir) throws IOException {
        try (Backend backend = Backends.create("scalar", 1)) {
            Gpt2Model saved = TestModels.randomModel(TestModels.tinyConfig(), backend, 4);
            saved.save(dir);
            CausalLm loaded = CausalLms.load(dir, backend);
            assertInstanceOf(Gpt2Model.class, loaded);
            assertArrayEquals(saved.parameterValues().get("wte.weight"), loaded.parameterValues().get("wte.weight"));

            Path config = dir.resolve("config.json");
            Files.writeString(config, Files.readString(config).replace("\"model_type\" : \"gpt2\",", ""));
            assertTrue(!Files.readString(config).contains("model_type"));
            assertInstanceOf(Gpt2Model.class, CausalLms.load(dir, backend));
        }
    }

    @Test
    void anUnsupportedFamilyIsRefusedByName(@TempDir Path dir) throws IOException {
        try (Backend backend = Backends.create("scalar", 1)) {
            Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"mamba\", \"vocab_size\": 10}");
            CheckpointException e = assertThrows(CheckpointException.class, () -> CausalLms.load(dir, backend));
            assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("\"mamba\"")
                    && e.getMessage().contains("[gpt2, llama, qwen2, qwen3]"), e.getMessage());

            Files.writeString(dir.resolve("config.json"), "{\"model_type\": 7}");
            e = assertThrows(CheckpointException.class, () -> CausalLms.load(dir, backend));
            assertTrue(e.getMessage().contains("expected a string"), e.getMessage());

            Files.delete(dir.resolve("config.json"));
            e = assertThrows(CheckpointException.class, () -> CausalLms.load(dir, backend));
            assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        }
    }
}
