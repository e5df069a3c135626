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

/** LayerNorm forward and backward over GPT-2 small's activations for 4 × 256 tokens: 1024 rows of 768. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LayerNormBenchmark {

    @Param({"scalar", "vector"})
    public String backendName;

    private static final int ROWS = 1024;
    private static final int C = 768;

    private Backend backend;
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

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.create(backendName, Runtime.getRuntime().availableProcessors());
        SplittableRandom random = new SplittableRandom(3);
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

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
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
