package dev.score.benchmarks;

import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Backends;
import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code out[M,N] = op(A)·op(B)} in each form at 512³ on each backend, the vector one on every available processor.
 * GFLOP/s = 2·M·N·K / (time per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatmulBenchmark {

    @Param({"scalar", "vector"})
    public String backendName;

    @Param({"A_B", "A_BT", "AT_B"})
    public MatmulForm form;

    @Param({"512"})
    public int size;

    private Backend backend;
    private Storage a;
    private Storage b;
    private Storage out;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.create(backendName, Runtime.getRuntime().availableProcessors());
        a = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(1), size * size));
        b = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(2), size * size));
        out = backend.allocate(size * size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Storage matmul() {
        backend.matmul(out, a, b, size, size, size, form, false);
        return out;
    }
}
