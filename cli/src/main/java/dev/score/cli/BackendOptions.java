package dev.score.cli;

import dev.score.kernels.Backend;
import dev.score.kernels.BackendUnavailableException;
import dev.score.kernels.Backends;
import picocli.CommandLine.Option;

/** The {@code --backend} and {@code --threads} options every computing command shares. */
final class BackendOptions {
    @Option(names = "--backend", defaultValue = "vector",
            description = "Compute backend: vector (SIMD, multithreaded), scalar (the reference), cuda (a GPU; an error "
                    + "where none answers) or auto (cuda where a device answers, else vector). Default: ${DEFAULT-VALUE}.")
    String name;

    @Range(min = 0, max = 1024)
    @Option(names = "--threads", defaultValue = "0",
            description = "Threads for the vector backend, 0 to 1024; 0 = one per core.")
    int threads;

    /** Refuses an unknown backend before a command starts its work (opening it comes later). */
    void check() {
        if (!Backends.NAMES.contains(name)) {
            throw new UserError("--backend " + OptionPaths.shown(name) + ": unknown backend; expected one of "
                    + String.join(", ", Backends.NAMES));
        }
    }

    /** Opens the backend and says which one on stderr, so a silent fall back to scalar code cannot happen. */
    Backend open() {
        check();
        int count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Backend backend;
        try {
            backend = Backends.create(name, count);
        } catch (BackendUnavailableException e) {
            throw new UserError("--backend " + name + ": " + e.getMessage());
        }
        System.err.println("backend: " + backend.describe());
        return backend;
    }
}
