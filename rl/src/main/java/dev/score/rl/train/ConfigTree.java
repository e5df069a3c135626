package dev.score.rl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link ScoreConfig} as its JSON object (the keys of {@code config.json}), so that one key can be set by
 * its name (a seed, a swept learning rate) and two configs compared key by key.
 */
public final class ConfigTree {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigTree() {
    }

    public static ObjectNode of(ScoreConfig config) {
        return JSON.valueToTree(config);
    }

    /** {@code config} with {@code key} set to {@code value}; the result is checked as any config is. */
    public static ScoreConfig with(ScoreConfig config, String key, JsonNode value) {
        ObjectNode tree = of(config);
        if (!tree.has(key)) {
            throw new IllegalArgumentException("unknown hyperparameter '" + key + "'");
        }
        tree.set(key, value);
        try {
            return JSON.treeToValue(tree, ScoreConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(key + " = " + value + ": " + cause.getMessage(), e);
        }
    }

    public static ScoreConfig withSeed(ScoreConfig config, long seed) {
        return with(config, "seed", JSON.getNodeFactory().numberNode(seed));
    }

    /** The keys of {@code to} whose values differ from {@code from}'s (or that {@code from} lacks), with {@code to}'s. */
    public static ObjectNode differences(JsonNode from, JsonNode to) {
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<String> keys = to.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!numericallyEqual(from.get(key), to.get(key))) {
                out.set(key, to.get(key));
            }
        }
        for (Iterator<String> keys = from.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!to.has(key)) {
                out.putNull(key);
            }
        }
        return out;
    }

    /** {@code learning_rate=0.0001, …}: settings (a {@link #differences} object) as a reader writes them. */
    public static String describe(JsonNode settings) {
        List<String> parts = new ArrayList<>();
        settings.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + (e.getValue().isNumber()
                ? e.getValue().decimalValue().stripTrailingZeros().toPlainString() : e.getValue().asText())));
        return String.join(", ", parts);
    }

    /** Equal values, numbers compared by value (a config file may write 1e-4 where another writes 0.0001). */
    private static boolean numericallyEqual(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a != null && a.equals(b);
    }
}
