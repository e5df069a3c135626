package dev.score.rl.math;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.score.rl.task.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads MATH-format JSON Lines: one object a line with {@code problem} and {@code solution} (ending in a
 * {@code \boxed{…}} answer), and optionally {@code level} ("Level 3" as in Hendrycks' MATH, or 3 as in
 * MATH500; a file of your own problems may leave it out), {@code answer} (MATH500's extracted answer),
 * {@code unique_id}, and {@code type} or {@code subject}, which are not used. Blank lines are skipped.
 */
public final class MathJsonl {

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern LEVEL_TEXT = Pattern.compile("Level\\s*([1-5])");

    private MathJsonl() {}

    /**
     * The problems of {@code file} in file order: the oracle is {@code answer} when present, else the
     * solution's last boxed answer; the id is {@code unique_id}, else "line N".
     *
     * @throws MathDataException for a line that is not such an object, naming the file, the line and
     *     what was expected there, and for a file that holds no problem
     * @throws IOException when the file cannot be read
     */
    public static List<Problem> load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        List<Problem> problems = new ArrayList<>();
        int lineNumber = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            Where where = new Where(file, ++lineNumber);
            String line = decode(utf8, bytes, start, end, where);
            if (!line.isBlank()) {
                problems.add(parse(line, where));
            }
            start = end + 1;
        }
        if (problems.isEmpty()) {
            throw new MathDataException(file + ": expected MATH problems, one JSON object a line, found none");
        }
        return List.copyOf(problems);
    }

    // Line by line, so that invalid UTF-8 is reported on its own line.
    private static String decode(CharsetDecoder utf8, byte[] bytes, int start, int end, Where where) {
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw where.error("expected UTF-8 text, found invalid bytes");
        }
    }

    private static Problem parse(String line, Where where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw where.error("expected a JSON object, found text that is not JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw where.error("expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
        }
        String statement = requiredText(node, "problem", where);
        String solution = requiredText(node, "solution", where);
        int level = level(node.get("level"), where);
        String oracle = oracle(node, solution, where);
        JsonNode id = node.get("unique_id");
        String problemId = id != null && id.isValueNode() && !id.asText().isBlank()
                ? id.asText() : "line " + where.line();
        return new Problem(problemId, level, statement, solution, oracle);
    }

    private static String requiredText(JsonNode node, String field, Where where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw where.error("expected a non-empty string field \"" + field + "\"");
        }
        return value.asText();
    }

    private static int level(JsonNode level, Where where) {
        if (level == null || level.isNull()) {
            return 0;
        }
        if (level != null && level.canConvertToInt() && level.isIntegralNumber()
                && level.asInt() >= 1 && level.asInt() <= 5) {
            return level.asInt();
        }
        if (level != null && level.isTextual()) {
            var matcher = LEVEL_TEXT.matcher(level.asText().strip());
            if (matcher.matches()) {
                return matcher.group(1).charAt(0) - '0';
            }
        }
        throw where.error("expected \"level\" to be \"Level 1\" .. \"Level 5\" or an integer 1..5 (or left out), "
                + "found " + level);
    }

    private static String oracle(JsonNode node, String solution, Where where) {
        JsonNode answer = node.get("answer");
        if (answer != null && answer.isValueNode() && !answer.isNull() && !answer.asText().isBlank()) {
            return answer.asText();
        }
        String boxed = MathAnswers.lastBoxed(solution);
        if (boxed == null) {
            throw where.error("expected an \"answer\" field or a closed \\boxed{...} answer in \"solution\"");
        }
        return boxed;
    }

    /** A line of a file, for error messages. */
    private record Where(Path file, int line) {
        MathDataException error(String expected) {
            return new MathDataException(file + " line " + line + ": " + expected);
        }
    }
}
