package dev.score.benchmarks;

import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The elementwise kernels on GPT-2 small's MLP activation for 256 tokens ({@code [256, 3072]}, 786,432
 * floats): GELU and its fusion with the bias, the bias and its gradient, the residual add, axpy, and
 * one AdamW step over as many parameters. All are memory-bound.
 */
public class ElementwiseBenchmark extends KernelBenchmark {

    private static final int ROWS = 256;
    private static final int N = 3072;
    private static final int SIZE = ROWS * N;

    private Storage x;
    private Storage y;
    private Storage out;
    private Storage bias;
    private Storage grad;
    private Storage m;
    private Storage v;

    public ElementwiseBenchmark() {
        super(8);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        x = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        y = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        out = backend.allocate(SIZE);
        bias = backend.fromArray(BenchmarkData.uniform(random, N));
        grad = backend.fromArray(BenchmarkData.uniform(random, SIZE));
        m = backend.allocate(SIZE);
        v = backend.allocate(SIZE);
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
