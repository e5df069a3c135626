package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config.json whose n_layer is corrupt and huge is refused at once, not after listing 2^31 layers' parameters. */
class HugeLayerCountTest {

    @Test
    void nLayerOfTheLargestIntIsRefusedQuickly(@TempDir Path dir) throws Exception {
        Gpt2Config config = Gpt2ConfigTest.TINY;
        Checkpoint.save(dir, config, TestWeights.random(config, 1));
        Path configFile = dir.resolve(Checkpoint.CONFIG_FILE);
        ObjectNode json = (ObjectNode) JsonFiles.MAPPER.readTree(configFile.toFile());
        json.put("n_layer", Integer.MAX_VALUE);
        Files.writeString(configFile, json.toString());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFailsAbout(dir.resolve(Checkpoint.MODEL_FILE),
                () -> Checkpoint.load(dir), "too few for config.json's n_layer = 2147483647"));
    }
}
