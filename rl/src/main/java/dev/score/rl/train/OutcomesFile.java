package dev.score.rl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.AtomicFiles;
import dev.score.engine.io.CheckpointException;
import dev.score.rl.eval.AttemptPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code outcomes.jsonl}: whether each method got each test problem right at each attempt, one line per
 * method and problem, methods in the job's order and problems in test order. These are what a paired
 * bootstrap resamples, so seeds run apart can be pooled into one interval afterwards.
 */
public final class OutcomesFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One method's result on one test problem. */
    public record Outcome(String problem, boolean correct1, boolean correct2) {
    }

    private OutcomesFile() {
    }

    static void write(Path file, Map<String, List<AttemptPair>> outcomes) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<AttemptPair>> e : outcomes.entrySet()) {
            for (AttemptPair pair : e.getValue()) {
                out.append(JSON.writeValueAsString(JSON.createObjectNode().put("method", e.getKey())
                        .put("problem", pair.problem().id()).put("correct1", pair.correct1())
                        .put("correct2", pair.correct2()))).append('\n');
            }
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Each method's outcomes in the order written; a malformed line is an error naming the file and line. */
    public static Map<String, List<Outcome>> read(Path file) throws IOException {
        Map<String, List<Outcome>> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new CheckpointException(file, "line " + (i + 1) + ": not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode method = line.get("method");
            JsonNode problem = line.get("problem");
            JsonNode correct1 = line.get("correct1");
            JsonNode correct2 = line.get("correct2");
            if (method == null || !method.isTextual() || problem == null || !problem.isTextual() || correct1 == null
                    || !correct1.isBoolean() || correct2 == null || !correct2.isBoolean()) {
                throw new CheckpointException(file, "line " + (i + 1) + ": expected {\"method\": TEXT, \"problem\": "
                        + "TEXT, \"correct1\": BOOLEAN, \"correct2\": BOOLEAN}");
            }
            out.computeIfAbsent(method.asText(), m -> new ArrayList<>())
                    .add(new Outcome(problem.asText(), correct1.asBoolean(), correct2.asBoolean()));
        }
        return out;
    }
}
