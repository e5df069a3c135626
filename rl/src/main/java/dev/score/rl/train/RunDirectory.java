package dev.score.rl.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.AtomicFiles;
import dev.score.engine.io.CheckpointException;
import dev.score.engine.io.CrashPoints;
import dev.score.rl.util.DirectoryLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of one training run: {@code config.json} (the resolved config), {@code base_model.json} (where
 * the base model it started from is), {@code metrics.jsonl} (one line per step), {@code checkpoint/} (the
 * latest policy and optimizer state, for resuming; see {@link Checkpoints}), {@code best/} (the policy with
 * the best validation Accuracy@t2, with its tokenizer: a model directory the other commands accept),
 * {@code trained.json} (a method's training finished: where its kept policy is, see {@link MethodTraining}),
 * {@code metrics.json} (the final tables), {@code outcomes.jsonl} (each method's result on each test problem),
 * {@code samples.json} (test conversations per method), {@code report.html}, and {@code run.lock}, held by the
 * process writing the run.
 */
public record RunDirectory(Path root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where one method's training files go when a run compares several: {@code ROOT/METHOD/}. */
    public RunDirectory method(String name) {
        return new RunDirectory(root.resolve(name));
    }

    /** Where STaR in Stage II runs its STaR rounds, after the Stage I files in this directory. */
    public RunDirectory starRounds() {
        return new RunDirectory(root.resolve("star"));
    }

    public Path trained() {
        return root.resolve("trained.json");
    }

    /** One JSON line per method and test problem: {@code method}, {@code problem} (its id), {@code correct1}, {@code correct2}. */
    public Path outcomes() {
        return root.resolve("outcomes.jsonl");
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path stepMetrics() {
        return root.resolve("metrics.jsonl");
    }

    public Checkpoints checkpoints() {
        return new Checkpoints(root.resolve("checkpoint"));
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

    public Path baseModelRecord() {
        return root.resolve("base_model.json");
    }

    /**
     * Locks the run for this process until the lock is closed; a second process that tries to write the
     * same run, a {@code --resume} beside a run still going, gets an error naming the first one's PID.
     */
    public DirectoryLock lock() throws IOException {
        Files.createDirectories(root);
        return DirectoryLock.take(root.resolve("run.lock"), "run directory " + root);
    }

    /** Where a run's base model comes from when it has not recorded one. */
    public interface BaseModelSource {
        Path directory() throws IOException;
    }

    /**
     * The base model directory this run recorded when it started (a resumed run goes on from the same model
     * wherever it is started from; an error if it is gone), else {@code source}'s, recorded for later.
     */
    public Path baseModel(BaseModelSource source) throws IOException {
        Optional<Path> recorded = recordedBaseModel();
        if (recorded.isPresent()) {
            if (!Files.isRegularFile(recorded.get().resolve("config.json"))) {
                throw new CheckpointException(baseModelRecord(), "the base model this run started from, "
                        + recorded.get() + ", is gone (no config.json there)");
            }
            return recorded.get();
        }
        Path dir = source.directory();
        recordBaseModel(dir);
        return dir;
    }

    /** Records the base model directory this run starts from, as an absolute path. */
    public void recordBaseModel(Path dir) {
        AtomicFiles.write(baseModelRecord(), JSON.createObjectNode().put("path", dir.toAbsolutePath().toString())
                .toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The base model directory recorded by {@link #recordBaseModel}, if this run has one. */
    public Optional<Path> recordedBaseModel() throws IOException {
        if (!Files.exists(baseModelRecord())) {
            return Optional.empty();
        }
        JsonNode path;
        try {
            path = JSON.readTree(baseModelRecord().toFile()).path("path");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(baseModelRecord(), "not valid JSON: " + e.getOriginalMessage());
        }
        if (!path.isTextual()) {
            throw new CheckpointException(baseModelRecord(), "expected {\"path\": \"DIR\"}");
        }
        return Optional.of(Path.of(path.asText()));
    }

    /** Appends one JSON line to {@code metrics.jsonl}. */
    public void appendStep(String jsonLine) throws IOException {
        Files.writeString(stepMetrics(), jsonLine + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        CrashPoints.pass(stepMetrics(), "appended");
    }

    /**
     * Drops the lines of steps at or after {@code step} (written after the checkpoint a resumed run starts
     * from), so the metrics continue without gaps or duplicates. A last line cut short (the process was
     * killed while appending it) is dropped with a warning; a malformed line elsewhere is an error naming
     * its line. The file is replaced atomically, so a kill during the rewrite loses nothing.
     */
    public void truncateStepsFrom(long step) throws IOException {
        if (!Files.exists(stepMetrics())) {
            return;
        }
        String text = new String(Files.readAllBytes(stepMetrics()), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            boolean unterminated = i == lines.length - 1;
            Optional<Long> lineStep = stepOf(line, i + 1, unterminated);
            if (lineStep.isEmpty()) {
                System.err.println("warning: " + stepMetrics() + ": dropped its last line, cut short when the run "
                        + "was stopped (" + line.length() + " characters)");
            } else if (lineStep.get() < step) {
                kept.add(line);
            }
        }
        StringBuilder out = new StringBuilder();
        kept.forEach(line -> out.append(line).append('\n'));
        if (!out.toString().equals(text)) {
            AtomicFiles.write(stepMetrics(), out.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The step of one line; empty for an unterminated last line that does not parse. */
    private Optional<Long> stepOf(String line, int number, boolean unterminated) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            if (unterminated) {
                return Optional.empty();
            }
            throw new CheckpointException(stepMetrics(), "line " + number + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        JsonNode step = node.get("step");
        if (step == null || !step.canConvertToLong()) {
            throw new CheckpointException(stepMetrics(), "line " + number + ": no \"step\" number");
        }
        return Optional.of(step.asLong());
    }
}
