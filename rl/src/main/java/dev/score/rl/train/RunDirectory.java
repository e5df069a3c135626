package dev.score.rl.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one training run: {@code config.json} (the resolved config), {@code metrics.jsonl} (one
 * line per step), {@code checkpoint/} (the latest policy and optimizer state, for resuming),
 * {@code best/} (the policy with the best validation Accuracy@t2, with its tokenizer: a model directory
 * the other commands accept), {@code metrics.json} (the final tables), {@code samples.json} (test conversations per method) and
 * {@code report.html}.
 */
public record RunDirectory(Path root) {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Where one method's training files go when a run compares several: {@code ROOT/METHOD/}. */
    public RunDirectory method(String name) {
        return new RunDirectory(root.resolve(name));
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path stepMetrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path checkpoint() {
        return root.resolve("checkpoint");
    }

    public Path best() {
        return root.resolve("best");
    }

    public Path finalMetrics() {
        return root.resolve("metrics.json");
    }

    public Path samples() {
        return root.resolve("samples.json");
    }

    public Path report() {
        return root.resolve("report.html");
    }

    /** Appends one JSON line to {@code metrics.jsonl}. */
    public void appendStep(String jsonLine) throws IOException {
        Files.writeString(stepMetrics(), jsonLine + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Drops the lines of steps at or after {@code step} (written after the checkpoint a resumed run starts
     * from), so the metrics continue without gaps or duplicates.
     */
    public void truncateStepsFrom(long step) throws IOException {
        if (!Files.exists(stepMetrics())) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(stepMetrics(), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && stepOf(line) < step) {
                kept.add(line);
            }
        }
        Files.write(stepMetrics(), kept, StandardCharsets.UTF_8);
    }

    private long stepOf(String line) throws IOException {
        com.fasterxml.jackson.databind.JsonNode step = JSON.readTree(line).get("step");
        if (step == null || !step.canConvertToLong()) {
            throw new IllegalArgumentException(stepMetrics() + ": a line without a \"step\": " + line);
        }
        return step.asLong();
    }
}
