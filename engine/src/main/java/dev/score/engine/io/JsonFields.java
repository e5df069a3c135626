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

    /** The number at {@code key}, or {@code fallback} when the key is absent or null. */
    double optionalNumber(String key, double fallback) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw wrongType(key, "a number or null", node);
        }
        return node.doubleValue();
    }

    /** The boolean at {@code key}, or {@code fallback} when the key is absent or null. */
    boolean optionalBoolean(String key, boolean fallback) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw wrongType(key, "true, false or null", node);
        }
        return node.booleanValue();
    }

    /** The string at {@code key}, or null when the key is absent or null. */
    String optionalString(String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(key, "a string or null", node);
        }
        return node.textValue();
    }

    /** The object at {@code key}, or null when the key is absent or null. */
    ObjectNode optionalObject(String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node instanceof ObjectNode value)) {
            throw wrongType(key, "an object or null", node);
        }
        return value;
    }

    /**
     * The integers at {@code key}, which may hold one integer or a list of them (Llama 3's
     * {@code eos_token_id}); empty when the key is absent or null.
     */
    int[] optionalInts(String key) {
        JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return new int[0];
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return new int[] {node.intValue()};
        }
        if (!node.isArray()) {
            throw wrongType(key, "an integer, a list of integers or null", node);
        }
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode element = node.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToInt()) {
                throw new CheckpointException(file, "key \"" + key + "\"[" + i + "]: expected an integer, found "
                        + JsonFiles.typeOf(element));
            }
            values[i] = element.intValue();
        }
        return values;
    }

    /** The file these fields were read from, for messages about a combination of keys. */
    Path file() {
        return file;
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
