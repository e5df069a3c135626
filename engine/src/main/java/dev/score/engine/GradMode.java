package dev.score.engine;

/**
 * Whether operations record the autograd graph, per thread. Sampling and evaluation run inside
 * {@code try (var off = GradMode.disabled()) { … }} so that they keep no activations alive.
 */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Disables gradient recording until the returned scope is closed; scopes nest. */
    public static Scope disabled() {
        boolean previous = ENABLED.get();
        ENABLED.set(false);
        return () -> ENABLED.set(previous);
    }

    /** A region with a changed grad mode; closing it restores the previous mode. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
