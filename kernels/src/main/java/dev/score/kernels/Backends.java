package dev.score.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Creates backends by name, for command lines and configuration files. */
public final class Backends {

    /** The names {@link #create} accepts: the CPU backends, the CUDA one, and {@code auto}. */
    public static final List<String> NAMES = List.of("scalar", "vector", "cuda", "auto");

    private Backends() {
    }

    /**
     * {@code "scalar"}: the single-threaded reference; {@code "vector"}: SIMD on {@code threads} threads
     * (which needs {@code --add-modules jdk.incubator.vector}); {@code "cuda"}: the GPU backend, from its own
     * module; {@code "auto"}: CUDA when a device answers, else vector.
     *
     * @throws BackendUnavailableException for {@code "cuda"} on a machine where it cannot run
     */
    public static Backend create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return switch (name) {
            case "scalar" -> new ScalarBackend();
            case "vector" -> new VectorBackend(threads);
            case "auto" -> provided("cuda").filter(p -> p.unavailableReason().isEmpty())
                    .map(p -> p.create(threads)).orElseGet(() -> new VectorBackend(threads));
            case "cuda" -> {
                BackendProvider provider = provided(name).orElseThrow(() -> new BackendUnavailableException(name,
                        "this build has no CUDA module on its class path"));
                Optional<String> reason = provider.unavailableReason();
                if (reason.isPresent()) {
                    throw new BackendUnavailableException(name, reason.get());
                }
                yield provider.create(threads);
            }
            case null, default -> throw new IllegalArgumentException(
                    "unknown backend '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }

    /**
     * The backends that can run here, by name: {@code scalar}, {@code vector} when the Vector API module is
     * loaded, and each provided backend whose {@link BackendProvider#unavailableReason} is empty. A test
     * suite that checks every backend against the reference runs over these.
     */
    public static List<String> available() {
        List<String> names = new ArrayList<>(List.of("scalar"));
        if (vectorApiAvailable()) {
            names.add("vector");
        }
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.unavailableReason().isEmpty()) {
                names.add(provider.name());
            }
        }
        return List.copyOf(names);
    }

    /** The provided backend called {@code name}, if its module is on the class path. */
    public static Optional<BackendProvider> provided(String name) {
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.name().equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** Whether the JVM was started with the Vector API module ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The vector backend on every available processor. */
    public static Backend createDefault() {
        return new VectorBackend();
    }
}
