package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factory's names and errors, the vector backend's description and lifecycle, and its refusal to run without the Vector API. */
class BackendsTest {

    @Test
    void createsEachNamedBackend() {
        try (Backend scalar = Backends.create("scalar", 4); Backend vector = Backends.create("vector", 2)) {
            assertInstanceOf(ScalarBackend.class, scalar);
            assertInstanceOf(VectorBackend.class, vector);
            assertEquals("scalar, 1 thread", scalar.describe());
            assertTrue(vector.describe().matches("vector, \\d+-bit, 2 threads"), vector.describe());
        }
    }

    @Test
    void aRangeOfAStorageIsCopiedToTheHostAndOneOutsideItIsRefused() {
        for (String name : new String[] {"scalar", "vector"}) {
            try (Backend backend = Backends.create(name, 1)) {
                Storage storage = backend.fromArray(new float[] {1, 2, 3, 4, 5});
                float[] dst = {9, 9, 9, 9};
                backend.copyToHost(storage, 1, dst, 3);
                assertArrayEquals(new float[] {2, 3, 4, 9}, dst, name);
                backend.copyToHost(storage, 5, dst, 0);
                assertThrows(IllegalArgumentException.class, () -> backend.copyToHost(storage, 3, dst, 3), name);
                assertThrows(IllegalArgumentException.class, () -> backend.copyToHost(storage, -1, dst, 1), name);
                assertThrows(IllegalArgumentException.class, () -> backend.copyToHost(storage, 0, new float[2], 3),
                        name);
            }
        }
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.create("gpu", 1));
        assertEquals("unknown backend 'gpu'; valid names: scalar, vector, cuda, auto", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.create(null, 1));
    }

    @Test
    void cudaWhereItCannotRunIsAnErrorWithTheProvidersReasonAndAutoFallsToVector() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.create("cuda", 2));
        assertEquals("the cuda backend cannot run here: " + UnavailableCudaProvider.REASON, e.getMessage());
        try (Backend auto = Backends.create("auto", 2)) {
            assertInstanceOf(VectorBackend.class, auto);
        }
        assertTrue(Backends.provided("cuda").isPresent());
        assertEquals(List.of("scalar", "vector"), Backends.available());
    }

    @Test
    void threadCountMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.create("vector", 0));
        assertEquals("threads must be at least 1, got 0", e.getMessage());
    }

    @Test
    void defaultIsTheVectorBackendOnEveryProcessor() {
        assertTrue(Backends.vectorApiAvailable(), "the tests run with --add-modules jdk.incubator.vector");
        try (Backend backend = Backends.createDefault()) {
            int processors = Runtime.getRuntime().availableProcessors();
            assertTrue(backend.describe().endsWith(processors + (processors == 1 ? " thread" : " threads")),
                    backend.describe());
        }
    }

    @Test
    void aClosedVectorBackendRefusesWorkAndClosesTwice() {
        Backend backend = Backends.create("vector", 2);
        Storage x = backend.fromArray(new float[] {1, 2, 3});
        backend.close();
        backend.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.scale(x, 2f, 3));
        assertEquals("the vector backend is closed", e.getMessage());
    }

    @Test
    void vectorBackendRefusesToRunWithoutTheVectorApi() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ChildJvm.java(), "-cp", ChildJvm.classPath(), WithoutVectorApi.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        assertEquals(List.of("vectorApiAvailable=false",
                "IllegalStateException: the vector backend needs the Vector API: run java with "
                        + "--add-modules jdk.incubator.vector (or choose the scalar backend)",
                "IllegalStateException: the vector backend needs the Vector API: run java with "
                        + "--add-modules jdk.incubator.vector (or choose the scalar backend)"),
                output.lines().toList());
    }

    /** Run in a JVM started without {@code --add-modules jdk.incubator.vector}. */
    static final class WithoutVectorApi {
        public static void main(String[] args) {
            System.out.println("vectorApiAvailable=" + Backends.vectorApiAvailable());
            try (Backend backend = new VectorBackend(1)) {
                System.out.println("constructed " + backend.describe());
            } catch (IllegalStateException e) {
                System.out.println("IllegalStateException: " + e.getMessage());
            }
            try (Backend backend = Backends.create("vector", 1)) {
                System.out.println("constructed " + backend.describe());
            } catch (IllegalStateException e) {
                System.out.println("IllegalStateException: " + e.getMessage());
            }
        }
    }
}
