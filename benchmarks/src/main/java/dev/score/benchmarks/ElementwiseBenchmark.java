package dev.score.benchmarks;

import dev.score.kernels.Backend;
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
 * The elementwise kernels on GPT-2 small's MLP activation for 256 tokens ({@code [256, 3072]}, 786,432
 * floats): GELU and its fusion with the bias, the bias and its gradient, the residual add, axpy, and
 * one AdamW step over as many parameters. All are memory-bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ElementwiseBenchmark {

    @Param({"scalar", "vector"})
    public String backendName;

    private static final int ROWS = 256;
    private static final int N = 3072;
    private static final int SIZE = ROWS * N;

    private Backend backend;
    private Storage x;
    private Storage y;
    private Storage out;
    private Storage bias;
    private Storage grad;
    private Storage m;
    private Storage v;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.create(backendName, Runtime.getRuntime().availableProcessors());
        SplittableRandom random = new SplittableRandom(8);
        x = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        y = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        out = backend.allocate(SIZE);
        bias = backend.fromArray(BenchmarkData.uniform(random, N));
        grad = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        m = backend.allocate(SIZE);
        v = backend.allocate(SIZE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Storage geluForward() {
        backend.geluForward(out, x, SIZE);
        return out;
    }

    @Benchmark
    public Storage geluBackward() {
        backend.geluBackward(out, x, y, SIZE);
        return out;
    }

    /** Adds the bias into {@code y} again on every call; the values only drift. */
    @Benchmark
    public Storage biasGeluForward() {
        backend.biasGeluForward(out, y, bias, ROWS, N);
        return out;
    }

    @Benchmark
    public Storage addBias() {
        backend.addBias(out, bias, ROWS, N);
        return out;
    }

    @Benchmark
    public Storage biasBackward() {
        backend.biasBackward(bias, x, ROWS, N);
        return bias;
    }

    @Benchmark
    public Storage add() {
        backend.add(out, x, y, SIZE);
        return out;
    }

    @Benchmark
    public Storage axpy() {
        backend.axpy(out, 0.5f, x, SIZE);
        return out;
    }

    @Benchmark
    public Storage adamW() {
        backend.adamW(out, grad, m, v, SIZE, 1e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 10);
        return out;
    }
}
