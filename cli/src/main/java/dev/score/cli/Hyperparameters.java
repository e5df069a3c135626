package dev.score.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.rl.train.ScoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's hyperparameters as a JSON object: the defaults, then a {@code --config} file, then each
 * {@code --set}. Every value is checked against the type of its default as it arrives (a whole number, a
 * finite number, a string, a list of strings), so {@code samples_per_problem: 2.5}, {@code alpha: 1e400}
 * (which overflows to infinity), {@code null} or {@code "5"} for a number are refused with the file or
 * option and the key; {@link ScoreConfig} then checks the ranges.
 */
final class Hyperparameters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode DEFAULTS = JSON.valueToTree(ScoreConfig.defaults());

    /** Keys that runs recorded before they existed lack; such a run ran with their defaults. */
    private static final Set<String> ADDED_LATER = Set.of("data", "eval_data", "prompt_suffix");

    private final ObjectNode tree = DEFAULTS.deepCopy();

    /** Every key of {@code file}'s JSON object replaces its default. */
    void merge(String option, Path file) throws IOException {
        for (Map.Entry<String, JsonNode> entry : entries(readObject(option, file))) {
            put(entry.getKey(), entry.getValue(), file.toString());
        }
    }

    /** {@code KEY=VALUE} from {@code --set}: a list key takes comma-separated strings, a string key the text. */
    void set(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserError("--set " + OptionPaths.shown(override) + ": expected KEY=VALUE");
        }
        String key = override.substring(0, eq);
        String value = override.substring(eq + 1);
        String source = "--set " + OptionPaths.shown(override);
        JsonNode example = example(key, source);
        JsonNode parsed;
        if (example.isArray()) {
            parsed = JSON.valueToTree(List.of(value.split(",", -1)));
        } else if (example.isTextual()) {
            parsed = JSON.getNodeFactory().textNode(value);
        } else {
            try {
                parsed = JSON.readTree(value);
            } catch (JsonProcessingException e) {
                throw new UserError(source + ": '" + OptionPaths.shown(value) + "' is not a number");
            }
        }
        put(key, parsed, source);
    }

    /** Sets {@code key} from a command-line option (e.g. {@code --task}), which has checked its value. */
    void setOption(String key, JsonNode value) {
        tree.set(key, value);
    }

    ScoreConfig build(String source) {
        return build(tree, source);
    }

    /**
     * The config these hyperparameters give with {@code key} set to {@code value} besides (a sweep's
     * candidate), checked by type and range like any value; errors name {@code source}.
     */
    ScoreConfig buildWith(String key, JsonNode value, String source) {
        check(key, value, source);
        ObjectNode candidate = tree.deepCopy();
        candidate.set(key, value);
        return build(candidate, source);
    }

    /** Whether {@code key} is a known hyperparameter whose value is a number. */
    static boolean isNumeric(String key) {
        return DEFAULTS.has(key) && DEFAULTS.get(key).isNumber();
    }

    /**
     * The config a run recorded in its {@code config.json}: every key must be there (but those added since
     * the run was recorded, which take their defaults), each with the type of its default.
     */
    static ScoreConfig recorded(String option, Path file) throws IOException {
        ObjectNode recorded = readObject(option, file);
        for (Iterator<String> keys = DEFAULTS.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!recorded.has(key) && ADDED_LATER.contains(key)) {
                recorded.set(key, DEFAULTS.get(key));
            } else if (!recorded.has(key)) {
                throw new UserError(file + ": key '" + key + "' is missing; is this a run's config.json?");
            }
        }
        for (Map.Entry<String, JsonNode> entry : entries(recorded)) {
            check(entry.getKey(), entry.getValue(), file.toString());
        }
        return build(recorded, file.toString());
    }

    private void put(String key, JsonNode value, String source) {
        check(key, value, source);
        tree.set(key, value);
    }

    private static void check(String key, JsonNode value, String source) {
        JsonNode example = example(key, source);
        String expected = example.isArray() ? "a list of strings" : example.isTextual() ? "a string"
                : example.isInt() ? "a whole number" : example.isIntegralNumber() ? "a whole number (64-bit)"
                : "a finite number";
        boolean ok = example.isArray() ? value.isArray() && allText(value)
                : example.isTextual() ? value.isTextual()
                : example.isInt() ? value.isIntegralNumber() && value.canConvertToInt()
                : example.isIntegralNumber() ? value.isIntegralNumber() && value.canConvertToLong()
                : value.isNumber() && Double.isFinite(value.asDouble());
        if (!ok) {
            throw new UserError(source + ": " + key + ": expected " + expected + ", got "
                    + OptionPaths.shown(describe(value)));
        }
    }

    private static JsonNode example(String key, String source) {
        JsonNode example = DEFAULTS.get(key);
        if (example == null) {
            throw new UserError(source + ": unknown hyperparameter '" + OptionPaths.shown(key) + "'; known: "
                    + String.join(", ", (Iterable<String>) DEFAULTS::fieldNames));
        }
        return example;
    }

    private static String describe(JsonNode value) {
        if (value.isNumber() && !Double.isFinite(value.asDouble())) {
            return "a number beyond the range of a double";
        }
        return value.isTextual() ? "the string " + value : value.toString();
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode readObject(String option, Path file) throws IOException {
        OptionPaths.readableFile(option, file);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() : ""));
        }
        if (root == null || !root.isObject()) {
            throw new UserError(file + ": expected a JSON object of hyperparameters");
        }
        return (ObjectNode) root;
    }

    private static List<Map.Entry<String, JsonNode>> entries(ObjectNode object) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries;
    }

    /** The config a checked tree describes; a value out of its range is named with where it came from. */
    private static ScoreConfig build(ObjectNode tree, String source) {
        try {
            return JSON.treeToValue(tree, ScoreConfig.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UserError(source + ": " + cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new UserError(source + ": " + e.getOriginalMessage());
        }
    }
}
