package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model directory's {@code tokenizer.json}: written in Hugging Face's format (see {@link HfTokenizerJson}),
 * read in that format or in the one this project wrote before (see {@link ScoreBpeJson}).
 */
public final class TokenizerJson {
    public static final String FILE = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {
    }

    public static void save(BpeTokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), HfTokenizerJson.write(tokenizer));
    }

    public static BpeTokenizer load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode root = TokenizerFileJson.read(file);
        return root.has("format") ? legacy(file, root) : HfTokenizerJson.load(file, root);
    }

    private static BpeTokenizer legacy(Path file, JsonNode root) {
        if (!ScoreBpeJson.FORMAT.equals(root.path("format").asText())) {
            throw new TokenizerFileException(file + ": \"format\" is not \"" + ScoreBpeJson.FORMAT + "\"");
        }
        return ScoreBpeJson.load(file, root);
    }
}
