package dev.score.kernels;

import java.util.List;

/** Creates backends by name, for command lines and configuration files. */
public final class Backends {

    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("scalar", "vector");

    private Backends() {
    }

    /**
     * {@code "scalar"}: the single-threaded reference; {@code "vector"}: SIMD on {@code threads} threads
     * (which needs {@code --add-modules jdk.incubator.vector}).
     */
    public static Backend create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return switch (name) {
            case "scalar" -> new ScalarBackend();
            case "vector" -> new VectorBackend(threads);
            case null, default -> throw new IllegalArgumentException(
                    "unknown backend '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
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
