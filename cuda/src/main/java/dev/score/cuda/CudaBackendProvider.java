package dev.score.cuda;

import dev.score.kernels.Backend;
import dev.score.kernels.BackendProvider;
import dev.score.kernels.BackendUnavailableException;
import java.util.Optional;
import jcuda.CudaException;

/**
 * Offers {@link CudaBackend} to {@link dev.score.kernels.Backends} as {@code "cuda"} (registered in
 * META-INF/services). Whether it can run is found out once per JVM, by opening a backend and closing it
 * again, so that every part it needs (driver, device, kernels, cuBLAS) has answered before anyone relies on it.
 */
public final class CudaBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Probe.REASON;
    }

    @Override
    public Backend create(int threads) {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new BackendUnavailableException(name(), reason.get());
        }
        return new CudaBackend();
    }

    /** The probe's answer, computed when first asked. */
    private static final class Probe {
        static final Optional<String> REASON = probe();
    }

    /** Why the backend cannot run here, or empty; never throws. */
    static Optional<String> probe() {
        try {
            CudaDevice.initDriver();
        } catch (LinkageError e) {
            String detail = Reasons.oneLine(e);
            return Optional.of(detail.contains("libcuda.so")
                    ? "no CUDA driver (libcuda.so.1 did not load: " + detail + ")"
                    : "JCuda's driver library did not load: " + detail);
        } catch (CudaException e) {
            return Optional.of("no CUDA device (cuInit: " + Reasons.oneLine(e) + ")");
        } catch (RuntimeException e) {
            return Optional.of("the CUDA driver did not start: " + Reasons.oneLine(e));
        }
        try {
            if (CudaDevice.deviceCount() == 0) {
                return Optional.of("no CUDA device (the driver sees none)");
            }
            if (CudaDevice.fatbin().isEmpty()) {
                return Optional.of(CudaDevice.noKernelsReason());
            }
            new CudaBackend().close();
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("the cuda backend did not open: " + Reasons.oneLine(e));
        }
    }
}
