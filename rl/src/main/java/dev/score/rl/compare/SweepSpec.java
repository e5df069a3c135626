package dev.score.rl.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One hyperparameter and the values a sweep tries for it ({@code learning_rate=3e-5,1e-4,3e-4}): each value
 * as written (it names the candidate's directory, {@code sweep/learning_rate=1e-4/}), a JSON number, and no
 * two equal in value.
 */
public record SweepSpec(String key, List<String> values) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON's number syntax: only digits, signs, a point and an exponent, so a value is a safe file name. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final int MAX_LENGTH = 40;

    public SweepSpec {
        values = List.copyOf(values);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the sweep needs a hyperparameter name, e.g. learning_rate=3e-5,1e-4");
        }
        if (values.size() < 2) {
            throw new IllegalArgumentException("a sweep of " + key + " needs at least two values, got " + values);
        }
        List<BigDecimal> seen = new ArrayList<>();
        for (String value : values) {
            BigDecimal number = number(value).decimalValue();
            if (seen.stream().anyMatch(v -> v.compareTo(number) == 0)) {
                throw new IllegalArgumentException("sweep of " + key + ": " + value + " is given twice");
            }
            seen.add(number);
        }
    }

    /** {@code value} as the JSON number it spells; an error when it spells none, or one beyond a double. */
    public static JsonNode number(String value) {
        if (value.length() > MAX_LENGTH || !JSON_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + shown(value) + "' is not a number (expected e.g. 3e-5 or 0.0001)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number: " + e.getOriginalMessage(), e);
        }
        if (!Double.isFinite(node.asDouble())) {
            throw new IllegalArgumentException("'" + value + "' is beyond the range of a double");
        }
        return node;
    }

    private static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** {@code KEY=VALUE}: how a candidate is named on screen and on disk. */
    public String label(String value) {
        return key + "=" + value;
    }
}
