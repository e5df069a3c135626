package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.score.kernels.Backend;
import dev.score.kernels.BackendUnavailableException;
import dev.score.kernels.Backends;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The provider as {@link Backends} finds it: on a machine without a device it gives a one-line reason and
 * never throws, and asking for cuda by name is that error; where a device answers, cuda is listed and opens.
 */
class CudaAvailabilityTest {

    private final Optional<String> reason = new CudaBackendProvider().unavailableReason();

    @Test
    void theProviderIsFoundAndItsReasonIsOneLine() {
        assertInstanceOf(CudaBackendProvider.class, Backends.provided("cuda").orElseThrow());
        System.out.println("cuda backend: " + reason.map(r -> "unavailable: " + r).orElse("available"));
        reason.ifPresent(r -> {
            assertFalse(r.isBlank());
            assertFalse(r.contains("\n"), r);
        });
        assertEquals(reason, new CudaBackendProvider().unavailableReason(), "asked twice, the same answer");
    }

    @Test
    void whereItCannotRunCudaIsAnErrorWithTheReasonAndIsNotListed() {
        assumeTrue(reason.isPresent(), "a CUDA device answers here");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.create("cuda", 1));
        assertEquals("the cuda backend cannot run here: " + reason.get(), e.getMessage());
        assertFalse(Backends.available().contains("cuda"));
        try (Backend auto = Backends.create("auto", 1)) {
            assertTrue(auto.describe().startsWith("vector"), auto.describe());
        }
    }

    @Test
    void whereADeviceAnswersCudaIsListedAndDescribesItself() {
        assumeTrue(reason.isEmpty(), () -> "no device: " + reason.orElseThrow());
        assertTrue(Backends.available().contains("cuda"));
        try (Backend cuda = Backends.create("cuda", 1)) {
            System.out.println(cuda.describe());
            assertTrue(cuda.describe().matches("cuda, .+ \\(sm_\\d+\\), driver \\d+\\.\\d+, cuBLAS \\d+\\.\\d+ via .+"),
                    cuda.describe());
        }
    }
}
