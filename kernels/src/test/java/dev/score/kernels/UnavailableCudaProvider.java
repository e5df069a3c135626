package dev.score.kernels;

import java.util.Optional;

/**
 * A stand-in for the CUDA module's provider on a machine without a device, registered for this module's
 * tests only, so that {@link Backends}' handling of a provided backend is tested without that module.
 */
public final class UnavailableCudaProvider implements BackendProvider {
    static final String REASON = "no CUDA device (a test double)";

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.of(REASON);
    }

    @Override
    public Backend create(int threads) {
        throw new BackendUnavailableException(name(), REASON);
    }
}
