package dev.score.rl.compare;

import dev.score.rl.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a run of several seeds: {@code config.json} (the config, its {@code seed} the first),
 * {@code plan.json} ({@link SeedsPlan}), {@code base_model.json} (the one base model every seed starts from),
 * {@code sweep/KEY=VALUE/METHOD/} (the sweep's training of each candidate on the first seed) and
 * {@code sweep.json} (each candidate's validation score and the value chosen), one complete run per seed in
 * {@code seed-S/} (a {@link RunDirectory}), {@code summary.json} and {@code report.html} (the seeds combined),
 * and {@code run.lock}, held by the process writing any of it.
 */
public record SeedsDirectory(Path root) {
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
