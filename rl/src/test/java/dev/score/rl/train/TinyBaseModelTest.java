package dev.score.rl.train;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that train from {@link TinyRun}'s base model: one backend and one base model per class. The scalar
 * backend gives the same bits in every run: vector kernels may differ in the last bit from one run to the
 * next (the Vector API runs Java fallbacks until C2 compiles a kernel), and a last bit can flip a sampled token.
 */
abstract class TinyBaseModelTest {
    @TempDir
    static Path dir;
    static Backend backend;
    static Path base;

    @BeforeAll
    static void open() throws Exception {
        backend = Backends.create("scalar", 2);
        base = TinyRun.baseModel(backend, dir.resolve("base"));
    }

    @AfterAll
    static void close() {
        backend.close();
    }
}
