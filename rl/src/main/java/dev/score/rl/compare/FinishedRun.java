package dev.score.rl.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.io.CheckpointException;
import dev.score.rl.train.OutcomesFile;
import dev.score.rl.train.OutcomesFile.Outcome;
import dev.score.rl.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished one-seed run left for combining with others: its config ({@code config.json}), each
 * method's {@code settings} (from {@code metrics.json}) and each method's outcome on each test problem
 * ({@code outcomes.jsonl}), the base model first.
 */
record FinishedRun(Path dir, ObjectNode config, Map<String, JsonNode> settings, Map<String, List<Outcome>> outcomes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static FinishedRun read(Path dir) throws IOException {
        RunDirectory run = new RunDirectory(dir);
        for (Path file : List.of(run.config(), run.finalMetrics(), run.outcomes())) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(dir + ": no " + file.getFileName() + " there; expected a finished "
                        + "train run (one still going, or one from before outcomes.jsonl was written, cannot be "
                        + "combined)");
            }
        }
        JsonNode config = readObject(run.config());
        if (!config.path("seed").canConvertToLong() || !config.path("task").isTextual()
                || !config.path("methods").isArray()) {
            throw new CheckpointException(run.config(), "expected a run's config with task, methods and seed");
        }
        JsonNode methods = readObject(run.finalMetrics()).path("methods");
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.put(e.getKey(), e.getValue().path("settings").isObject() ? e.getValue().get("settings")
                    : JSON.createObjectNode());
        }
        Map<String, List<Outcome>> outcomes = OutcomesFile.read(run.outcomes());
        List<String> expected = new ArrayList<>(List.of("base"));
        config.get("methods").forEach(m -> expected.add(m.asText()));
        if (!List.copyOf(outcomes.keySet()).equals(expected)) {
            throw new CheckpointException(run.outcomes(), "holds " + outcomes.keySet() + ", but the run's methods are "
                    + expected);
        }
        List<String> problems = outcomes.get("base").stream().map(Outcome::problem).toList();
        outcomes.forEach((method, list) -> {
            if (!list.stream().map(Outcome::problem).toList().equals(problems)) {
                throw new CheckpointException(run.outcomes(), method + "'s test problems are not the base model's, "
                        + "in the same order: the outcomes are not paired");
            }
        });
        return new FinishedRun(dir, (ObjectNode) config, settings, outcomes);
    }

    long seed() {
        return config.get("seed").asLong();
    }

    String task() {
        return config.get("task").asText();
    }

    /**
     * The config without its seed and methods: what must be equal for runs to combine (runs of other methods at
     * one seed join, see {@link #joined}).
     */
    ObjectNode configBesidesSeedAndMethods() {
        ObjectNode copy = config.deepCopy();
        copy.remove("seed");
        copy.remove("methods");
        return copy;
    }

    /**
     * This run and {@code other}, of the same seed and other methods, as one: this run's methods, then the
     * other's. Both must have evaluated the same base model on the same test problems (equal base outcomes),
     * or their rows would not be paired; a method both ran is refused, since it would count twice.
     */
    FinishedRun joined(FinishedRun other) {
        Map<String, List<Outcome>> both = new LinkedHashMap<>(outcomes);
        Map<String, JsonNode> settingsOfBoth = new LinkedHashMap<>(settings);
        other.outcomes.forEach((method, list) -> {
            if (method.equals("base")) {
                return;
            }
            if (both.containsKey(method)) {
                throw new IllegalArgumentException(other.dir + ": seed " + seed() + " again for " + method + " ("
                        + dir + " ran it too); each method counts once per seed");
            }
            both.put(method, list);
            settingsOfBoth.put(method, other.settings.getOrDefault(method, JSON.createObjectNode()));
        });
        if (!other.outcomes.get("base").equals(outcomes.get("base"))) {
            throw new IllegalArgumentException(other.dir + ": its base model's test outcomes differ from " + dir
                    + "'s at the same seed " + seed() + "; runs join only when they start from the same base model");
        }
        return new FinishedRun(dir, config, settingsOfBoth, both);
    }

    private static JsonNode readObject(Path file) throws IOException {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new CheckpointException(file, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
