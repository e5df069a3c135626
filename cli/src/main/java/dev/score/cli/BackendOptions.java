package dev.score.cli;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import picocli.CommandLine.Option;

/** The {@code --backend} and {@code --threads} options every computing command shares. */
final class BackendOptions {
    @Option(names = "--backend", defaultValue = "vector",
            description = "Compute backend: vector (SIMD, multithreaded) or scalar (the reference). Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--threads", defaultValue = "0",
            description = "Threads for the vector backend; 0 = one per core.")
    int threads;

    /** Opens the backend and says which one on stderr, so a silent fall back to scalar code cannot happen. */
    Backend open() {
        if (threads < 0) {
            throw new UserError("--threads must be ≥ 0, got " + threads);
        }
        int count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Backend backend = Backends.create(name, count);
        System.err.println("backend: " + backend.describe());
        return backend;
    }
}
