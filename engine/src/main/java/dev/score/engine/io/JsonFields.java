package dev.score.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Typed access to the keys of a JSON object read from {@code file}, failing with a message that
 * names the file and the key and says what was expected.
 */
final class JsonFields {

    private final Path file;
    private final ObjectNode object;

    JsonFields(Path file, ObjectNode object) {
        this.file = file;
        this.object = object;
    }

    int requiredInt(String key) {
        JsonNode node = required(key, "an integer");
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(key, "an integer", node);
        }
        return node.intValue();
    }

    /** The integer at {@code key}, or null when the key is absent or null. */
    Integer optionalInt(String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(key, "an integer or null", node);
        }
        return node.intValue();
    }

    long requiredLong(String key) {
        JsonNode node = required(key, "an integer");
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(key, "an integer", node);
        }
        return node.longValue();
    }

    double requiredNumber(String key) {
        JsonNode node = required(key, "a number");
        if (!node.isNumber()) {
            throw wrongType(key, "a number", node);
        }
        return node.doubleValue();
    }

    String requiredString(String key) {
        JsonNode node = required(key, "a string");
        if (!node.isTextual()) {
            throw wrongType(key, "a string", node);
        }
        return node.textValue();
    }

    ObjectNode requiredObject(String key) {
        JsonNode node = required(key, "an object");
        if (!(node instanceof ObjectNode value)) {
            throw wrongType(key, "an object", node);
        }
        return value;
    }

    private JsonNode required(String key, String expected) {
        JsonNode node = object.get(key);
        if (node == null) {
            throw new CheckpointException(file, "missing key \"" + key + "\" (expected " + expected + ")");
        }
        return node;
    }

    private CheckpointException wrongType(String key, String expected, JsonNode found) {
        return new CheckpointException(file,
                "key \"" + key + "\": expected " + expected + ", found " + JsonFiles.typeOf(found));
    }
}
