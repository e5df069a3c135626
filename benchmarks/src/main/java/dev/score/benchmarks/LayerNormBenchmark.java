package dev.score.benchmarks;

import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;

/** LayerNorm forward and backward over GPT-2 small's activations for 4 × 256 tokens: 1024 rows of 768. */
public class LayerNormBenchmark extends KernelBenchmark {

    private static final int ROWS = 1024;
    private static final int C = 768;

    private Storage x;
    private Storage weight;
    private Storage bias;
    private Storage out;
    private Storage mean;
    private Storage rstd;
    private Storage dout;
    private Storage dx;
    private Storage dweight;
    private Storage dbias;

    public LayerNormBenchmark() {
        super(3);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        x = backend.fromArray(BenchmarkData.uniform(random, ROWS * C));
        weight = backend.fromArray(BenchmarkData.uniform(random, C));
        bias = backend.fromArray(BenchmarkData.uniform(random, C));
        out = backend.allocate(ROWS * C);
        mean = backend.allocate(ROWS);
        rstd = backend.allocate(ROWS);
        backend.layerNormForward(out, mean, rstd, x, weight, bias, ROWS, C, 1e-5f);
        dout = backend.fromArray(BenchmarkData.uniform(random, ROWS * C));
        dx = backend.allocate(ROWS * C);
        dweight = backend.allocate(C);
        dbias = backend.allocate(C);
    }

    @Benchmark
    public Storage layerNormForward() {
        backend.layerNormForward(out, mean, rstd, x, weight, bias, ROWS, C, 1e-5f);
        return out;
    }

    @Benchmark
    public Storage layerNormBackward() {
        backend.layerNormBackward(dx, dweight, dbias, dout, x, weight, mean, rstd, ROWS, C);
        return dx;
    }
}
