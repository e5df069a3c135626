package dev.score.rl.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.tokenizer.template.ChatTemplate;
import dev.score.tokenizer.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model directory's chat template, where Hugging Face keeps it: {@code chat_template.jinja}, else
 * {@code tokenizer_config.json}'s {@code chat_template} (a string, or a list of named templates of which
 * "default" is the one), with the special tokens that file names ({@code bos_token}, {@code eos_token},
 * written as a string or as an added-token object) as the template's variables.
 */
public record ChatTemplateFile(ChatTemplate template, Map<String, Object> variables, Path source) {
    public static final String CONFIG = "tokenizer_config.json";
    public static final String JINJA = "chat_template.jinja";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The directory's chat template, or empty when it has none. */
    public static Optional<ChatTemplateFile> find(Path dir) throws IOException {
        Path config = dir.resolve(CONFIG);
        JsonNode root = Files.isRegularFile(config) ? readConfig(config) : JSON.createObjectNode();
        Map<String, Object> variables = new HashMap<>();
        for (String token : new String[] {"bos_token", "eos_token", "pad_token", "unk_token"}) {
            JsonNode value = root.path(token);
            String text = value.isTextual() ? value.asText() : value.path("content").isTextual()
                    ? value.path("content").asText() : null;
            if (text != null) {
                variables.put(token, text);
            }
        }
        Path jinja = dir.resolve(JINJA);
        String source;
        Path from;
        if (Files.isRegularFile(jinja)) {
            source = Files.readString(jinja);
            from = jinja;
        } else {
            source = templateIn(root.path("chat_template"), config);
            from = config;
            if (source == null) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new ChatTemplateFile(ChatTemplate.parse(source), Map.copyOf(variables), from));
        } catch (TemplateException e) {
            throw new IllegalArgumentException(from + ": the chat template: " + e.getMessage(), e);
        }
    }

    private static JsonNode readConfig(Path config) throws IOException {
        try {
            return JSON.readTree(config.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(config + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String templateIn(JsonNode value, Path config) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            for (JsonNode named : value) {
                if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    return named.path("template").asText();
                }
            }
            throw new IllegalArgumentException(config + ": chat_template lists no template named \"default\"");
        }
        throw new IllegalArgumentException(config + ": chat_template is neither a string nor a list of named templates");
    }
}
