package dev.score.benchmarks;

import dev.score.kernels.Storage;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Causal attention with GPT-2 small's heads (C = 768, 12 heads) for 4 sequences of 256 tokens: forward,
 * backward, and one cached decoding step.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttentionBenchmark extends KernelBenchmark {

    private static final int BATCH = 4;
    private static final int T = 256;
    private static final int C = 768;
    private static final int HEADS = 12;
    private static final int HEAD_DIM = C / HEADS;

    private Storage qkv;
    private Storage out;
    private Storage lse;
    private Storage dout;
    private Storage dqkv;
    private Storage kCache;
    private Storage vCache;
    private int[] pastLength;

    public AttentionBenchmark() {
        super(4);
    }

    @Override
    protected void prepare(SplittableRandom random) {
        qkv = backend.fromArray(BenchmarkData.uniform(random, BATCH * T * 3 * C));
        out = backend.allocate(BATCH * T * C);
        lse = backend.allocate(BATCH * HEADS * T);
        backend.attentionForward(out, lse, qkv, BATCH, T, HEADS, HEADS, HEAD_DIM);
        dout = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(5), BATCH * T * C));
        dqkv = backend.allocate(BATCH * T * 3 * C);
        kCache = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(6), BATCH * T * C));
        vCache = backend.fromArray(BenchmarkData.uniform(new SplittableRandom(7), BATCH * T * C));
        pastLength = new int[BATCH];
        Arrays.fill(pastLength, T - 1);
    }

    @Benchmark
    public Storage attentionForward() {
        backend.attentionForward(out, lse, qkv, BATCH, T, HEADS, HEADS, HEAD_DIM);
        return out;
    }

    /** The flash-style backward: recomputes the probabilities from {@code lse}, tile by tile. */
    @Benchmark
    public Storage attentionBackward() {
        backend.attentionBackward(dqkv, dout, qkv, out, lse, BATCH, T, HEADS, HEADS, HEAD_DIM);
        return dqkv;
    }

    /** One decoding step: each row's new token against T − 1 cached positions. */
    @Benchmark
    public Storage attentionCached() {
        backend.attentionCached(out, qkv, kCache, vCache, pastLength, BATCH, 1, HEADS, HEADS, HEAD_DIM, T);
        return out;
    }
}
