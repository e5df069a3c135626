package dev.score.tokenizer;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON of a tokenizer file, failing with a {@link TokenizerFileException} that names the file. */
final class TokenizerFileJson {
    // A key given twice (two ids for one token, two lists of merges) is a damaged file: refuse it rather
    // than let the last one win.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TokenizerFileJson() {
    }

    /** The JSON value of {@code file}, or {@code MissingNode} for a file with none. */
    static JsonNode read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new TokenizerFileException(file + ": not valid JSON: " + e.getOriginalMessage() + where);
        }
    }
}
