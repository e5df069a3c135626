package dev.score.rl.train;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests that train from {@link TinyRun}'s base model: one vector backend and one base model per class. */
abstract class TinyBaseModelTest {
    @TempDir
    static Path dir;
    static Backend backend;
    static Path base;

    @BeforeAll
    static void open() throws Exception {
        backend = Backends.create("vector", 2);
        base = TinyRun.baseModel(backend, dir.resolve("base"));
    }

    @AfterAll
    static void close() {
        backend.close();
    }
}
