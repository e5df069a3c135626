package dev.score.rl.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.CheckpointException;
import dev.score.rl.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of a run of several seeds: {@code config.json} (the config, its {@code seed} the first),
 * {@code plan.json} ({@link SeedsPlan}), {@code base_model.json} (the one base model every seed starts from),
 * {@code sweep/KEY=VALUE/METHOD/} (the sweep's training of each candidate on the first seed) and
 * {@code sweep.json} (each candidate's validation score and the value chosen), one complete run per seed in
 * {@code seed-S/} (a {@link RunDirectory}), {@code summary.json} and {@code report.html} (the seeds combined),
 * and {@code run.lock}, held by the process writing any of it.
 */
public record SeedsDirectory(Path root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files this directory shares with a one-seed run: its lock, config and base model record. */
    public RunDirectory run() {
        return new RunDirectory(root);
    }

    public Path plan() {
        return root.resolve("plan.json");
    }

    /** Whether {@code dir} is a run of several seeds (it has a {@code plan.json}). */
    public static boolean holdsSeeds(Path dir) {
        return Files.isRegularFile(new SeedsDirectory(dir).plan());
    }

    /** The run directories of this run's seeds, in order, from its {@code plan.json} and {@code config.json}. */
    public List<Path> seedRuns() throws IOException {
        JsonNode seed;
        try {
            seed = JSON.readTree(run().config().toFile()).path("seed");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(run().config(), "not valid JSON: " + e.getOriginalMessage());
        }
        if (!seed.canConvertToLong()) {
            throw new CheckpointException(run().config(), "no seed number");
        }
        return SeedsPlan.read(plan()).seedsFrom(seed.asLong()).stream().map(s -> seed(s).root()).toList();
    }

    public RunDirectory seed(long seed) {
        return new RunDirectory(root.resolve("seed-" + seed));
    }

    /** Where the sweep trains {@code method} with the value labelled {@code label} ({@code KEY=VALUE}). */
    public RunDirectory candidate(String label, String method) {
        return new RunDirectory(root.resolve("sweep").resolve(label).resolve(method));
    }

    public Path sweep() {
        return root.resolve("sweep.json");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    public Path report() {
        return root.resolve("report.html");
    }
}
