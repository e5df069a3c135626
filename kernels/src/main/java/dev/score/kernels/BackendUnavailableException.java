package dev.score.kernels;

/**
 * A named backend that exists but cannot run on this machine (no CUDA driver or device, a native library
 * that does not load). Asked for by name, it is this error, never a silent fall back to another backend.
 */
public final class BackendUnavailableException extends IllegalStateException {
    public BackendUnavailableException(String name, String reason) {
        super("the " + name + " backend cannot run here: " + reason);
    }
}
