package dev.score.engine.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and atomically writes the JSON files of a checkpoint, with strict parsing. */
final class JsonFiles {

    // Duplicate keys and trailing garbage are signs of a damaged or hand-mangled file: reject them
    // rather than let the last key silently win.
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonFiles() {}

    /** The top-level object of a JSON file. */
    static ObjectNode readObject(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + IoErrors.describe(e), e);
        }
        return parseObject(file, bytes, "");
    }

    /**
     * The JSON object in {@code bytes}; {@code what} says which part of {@code file} they are
     * (empty for the whole file) and starts every message about them.
     */
    static ObjectNode parseObject(Path file, byte[] bytes, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, what + "not valid JSON: " + describe(e), e);
        } catch (IOException e) {
            throw new CheckpointException(file, what + "not valid JSON: " + IoErrors.describe(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new CheckpointException(file, what + "empty, expected a JSON object");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new CheckpointException(file, what + "expected a JSON object, found " + typeOf(root));
        }
        return object;
    }

    static void writeObject(Path file, ObjectNode object) {
        byte[] text;
        try {
            text = (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(object) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "cannot encode JSON: " + e.getOriginalMessage(), e);
        }
        AtomicFiles.write(file, text);
    }

    /** {@code string "768"}, {@code number 1.5}, {@code null}: how messages show a found value. */
    static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string " + shortened(node.toString());
            case NUMBER -> "number " + shortened(node.toString());
            case BOOLEAN -> "boolean " + node;
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static String shortened(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }
}
