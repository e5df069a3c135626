package dev.score.engine.io;

import static dev.score.engine.io.Failures.assertFailsAbout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.json keys that would change GPT-2's computation are refused, not ignored; GPT-2's own values load. */
class Gpt2SemanticsTest {

    @TempDir
    Path dir;

    /** Hugging Face's GPT-2 config.json with {@code key} set to the raw JSON {@code value}. */
    private Path gpt2ConfigWith(String key, String value) throws IOException {
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/io/gpt2-config.json")) {
            json = (ObjectNode) JsonFiles.MAPPER.readTree(in);
        }
        json.set(key, JsonFiles.MAPPER.readTree(value));
        return Files.writeString(dir.resolve("config.json"), json.toString());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "scale_attn_weights|false", "scale_attn_weights|null", "scale_attn_weights|\"true\"",
        "scale_attn_by_inverse_layer_idx|true", "reorder_and_upcast_attn|true", "add_cross_attention|true",
        "tie_word_embeddings|false", "tie_word_embeddings|0", "model_type|\"llama\"", "model_type|null",
        "model_type|\"GPT2\""})
    void aKeyThatChangesTheModelIsRefused(String key, String value) throws IOException {
        Path file = gpt2ConfigWith(key, value);
        assertFailsAbout(file, () -> Gpt2Config.read(file), "key \"" + key + "\"");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "scale_attn_weights|true", "scale_attn_by_inverse_layer_idx|false", "reorder_and_upcast_attn|false",
        "add_cross_attention|false", "tie_word_embeddings|true", "model_type|\"gpt2\"",
        "resid_pdrop|0.3", "summary_type|\"mean\"", "use_cache|false"})
    void gpt2sValuesAndKeysThatDoNotChangeTheModelLoad(String key, String value) throws IOException {
        Path file = gpt2ConfigWith(key, value);
        assertEquals(768, Gpt2Config.read(file).nEmbd());
    }

    @Test
    void theMessageSaysWhatTheEngineDoesInstead() throws IOException {
        Path file = gpt2ConfigWith("scale_attn_weights", "false");
        assertFailsAbout(file, () -> Gpt2Config.read(file),
                "key \"scale_attn_weights\": only true (GPT-2's value) is supported, found boolean false",
                "always scaled by 1/sqrt(head_dim)");
    }
}
