package dev.score.kernels;

import java.util.Optional;

/**
 * A backend that lives in a module of its own (the CUDA backend, beside its native libraries), found by
 * {@link Backends} through {@link java.util.ServiceLoader}: this module names no such backend, and a jar
 * without that module still runs on the CPU backends.
 */
public interface BackendProvider {

    /** The name {@code --backend} gives it, e.g. {@code "cuda"}. */
    String name();

    /**
     * Why this backend cannot run here (no driver, no device, a library that does not load), or empty when
     * it can. Never throws, whatever is missing: a machine without the hardware is the common case.
     */
    Optional<String> unavailableReason();

    /**
     * Opens the backend, on {@code threads} host threads where it uses any.
     *
     * @throws BackendUnavailableException when {@link #unavailableReason} is not empty
     */
    Backend create(int threads);
}
