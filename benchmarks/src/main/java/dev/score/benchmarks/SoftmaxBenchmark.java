package dev.score.benchmarks;

import dev.score.kernels.Storage;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The softmax family on GPT-2's logits for 64 tokens ({@code [64, 50257]}): softmax, log-softmax, and
 * cross-entropy, which fuses the log-softmax with picking the target (forward) and gives
 * {@code softmax − onehot} in one pass (backward).
 */
public class SoftmaxBenchmark extends KernelBenchmark {

    private static final int ROWS = 64;
    private static final int V = 50257;

    private Storage logits;
    private Storage out;
    private Storage losses;
    private Storage dlosses;
    private int[] targets;

    public SoftmaxBenchmark() {
        super(9);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        logits = backend.fromArray(BenchmarkData.uniform(random, ROWS * V));
        out = backend.allocate(ROWS * V);
        losses = backend.allocate(ROWS);
        dlosses = backend.fromArray(BenchmarkData.uniform(random, ROWS));
        targets = random.ints(ROWS, 0, V).toArray();
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
