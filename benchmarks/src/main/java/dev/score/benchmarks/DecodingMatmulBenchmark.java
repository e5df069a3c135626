package dev.score.benchmarks;

import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.PackedMatrix;
import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * A decoding step's product: {@code rows} tokens (one per sequence of the batch) times a weight matrix
 * {@code [K, N]}, with the weights as stored (packed anew by every call) and packed once beforehand
 * ({@code Backend.pack}, as the sampler does). Defaults: the QKV projection of the small training
 * config at a batch of 64.
 */
public class DecodingMatmulBenchmark extends KernelBenchmark {

    @Param({"64"})
    public int rows;

    @Param({"256"})
    public int k;

    @Param({"768"})
    public int n;

    private Storage a;
    private Storage b;
    private PackedMatrix packed;
    private Storage out;

    public DecodingMatmulBenchmark() {
        super(3);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        a = backend.fromArray(BenchmarkData.uniform(random, rows * k));
        b = backend.fromArray(BenchmarkData.uniform(random, k * n));
        packed = backend.pack(b, k, n, MatmulForm.A_B);
        out = backend.allocate(rows * n);
    }

    @Benchmark
    public Storage stored() {
        backend.matmul(out, a, b, rows, k, n, MatmulForm.A_B, false);
        return out;
    }

    @Benchmark
    public Storage packed() {
        backend.matmul(out, a, packed, rows, k, n, MatmulForm.A_B, false);
        return out;
    }
}
