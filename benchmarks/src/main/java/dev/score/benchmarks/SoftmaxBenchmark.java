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
 * The softmax family on GPT-2's logits for 64 tokens ({@code [64, 50257]}): softmax, log-softmax, and
 * cross-entropy, which fuses the log-softmax with picking the target (forward) and gives
 * {@code softmax − onehot} in one pass (backward).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SoftmaxBenchmark {

    @Param({"scalar", "vector"})
    public String backendName;

    private static final int ROWS = 64;
    private static final int V = 50257;

    private Backend backend;
    private Storage logits;
    private Storage out;
    private Storage losses;
    private Storage dlosses;
    private int[] targets;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.create(backendName, Runtime.getRuntime().availableProcessors());
        SplittableRandom random = new SplittableRandom(9);
        logits = backend.fromArray(BenchmarkData.uniform(random, ROWS * V));
        out = backend.allocate(ROWS * V);
        losses = backend.allocate(ROWS);
        dlosses = backend.fromArray(BenchmarkData.uniform(random, ROWS));
        targets = random.ints(ROWS, 0, V).toArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Storage softmax() {
        backend.softmax(out, logits, ROWS, V);
        return out;
    }

    @Benchmark
    public Storage logSoftmax() {
        backend.logSoftmax(out, logits, ROWS, V);
        return out;
    }

    @Benchmark
    public Storage crossEntropyForward() {
        backend.crossEntropyForward(losses, logits, targets, ROWS, V);
        return losses;
    }

    @Benchmark
    public Storage crossEntropyBackward() {
        backend.crossEntropyBackward(out, logits, targets, dlosses, ROWS, V);
        return out;
    }
}
