package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import java.util.Arrays;

/**
 * The keys and values of every position decoded so far, per layer, for a batch of rows that may sit
 * at different lengths (prompts differ in length, and so do first attempts before a second one).
 * Layout per layer: {@code keys[B, maxT, C]} and {@code values[B, maxT, C]}.
 */
public final class KvCache {
    private final Backend backend;
    private final int batch;
    private final int maxT;
    private final int c;
    private final int heads;
    private final Storage[] keys;
    private final Storage[] values;
    private final int[] length;

    public KvCache(Backend backend, int layers, int batch, int maxT, int c, int heads) {
        this.backend = backend;
        this.batch = batch;
        this.maxT = maxT;
        this.c = c;
        this.heads = heads;
        this.keys = new Storage[layers];
        this.values = new Storage[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = backend.allocate(batch * maxT * c);
            values[l] = backend.allocate(batch * maxT * c);
        }
        this.length = new int[batch];
    }

    public int batch() {
        return batch;
    }

    /** How many positions each row can hold. */
    public int capacity() {
        return maxT;
    }

    /** Whether this cache has these shapes, for reuse by another generation. */
    boolean fits(Backend backend, int layers, int batch, int maxT, int c, int heads) {
        return this.backend == backend && keys.length == layers && this.batch == batch && this.maxT == maxT
                && this.c == c && this.heads == heads;
    }

    /**
     * Every row back to length 0. The stored keys and values stay but are never read: a position is
     * written before any query attends to it.
     */
    KvCache emptied() {
        Arrays.fill(length, 0);
        return this;
    }

    /** How many positions row {@code row} holds. */
    public int length(int row) {
        return length[row];
    }

    /** A copy of every row's length. */
    public int[] lengths() {
        return length.clone();
    }

    /**
     * Writes the keys and values of {@code tq} new tokens per row at each row's current length and
     * attends to everything up to them; {@code qkv} is {@code [B·tq, 3C]}, the result {@code [B·tq, C]}.
     * The lengths move only with {@link #advance}, since a padded prefill keeps fewer than {@code tq}.
     */
    Tensor attend(int layer, Tensor qkv, int tq) {
        for (int b = 0; b < batch; b++) {
            if (length[b] + tq > maxT) {
                throw new IllegalStateException("KV cache row " + b + " holds " + length[b] + " of " + maxT
                        + " positions and cannot take " + tq + " more");
            }
        }
        Storage out = Workspace.output(backend, batch * tq * c);
        backend.attentionCached(out, qkv.data(), keys[layer], values[layer], length, batch, tq, c, heads, maxT);
        return Tensor.result(out, new int[] {batch * tq, c}, null, qkv);
    }

    /** Row {@code b} keeps {@code count[b]} of the positions just written. */
    public void advance(int[] count) {
        if (count.length != batch) {
            throw new IllegalArgumentException("advance needs " + batch + " counts, got " + count.length);
        }
        for (int b = 0; b < batch; b++) {
            length[b] += count[b];
        }
    }

    /** Every row keeps {@code count} of the positions just written. */
    public void advance(int count) {
        int[] counts = new int[batch];
        Arrays.fill(counts, count);
        advance(counts);
    }
}
