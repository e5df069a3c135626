package dev.score.benchmarks;

import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * {@code out[M,N] = op(A)·op(B)} in each form at 512³ on each backend, the vector one on every available processor.
 * GFLOP/s = 2·M·N·K / (time per operation).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatmulBenchmark extends KernelBenchmark {

    @Param({"A_B", "A_BT", "AT_B"})
    public MatmulForm form;

    @Param({"512"})
    public int size;

    private Storage a;
    private Storage b;
    private Storage out;

    public MatmulBenchmark() {
        super(1);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        a = backend.fromArray(BenchmarkData.uniform(random, size * size));
        b = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(2), size * size));
        out = backend.allocate(size * size);
    }

    @Benchmark
    public Storage matmul() {
        backend.matmul(out, a, b, size, size, size, form, false);
        return out;
    }
}
