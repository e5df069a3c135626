package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import java.util.Arrays;

/**
 * The keys and values of every position decoded so far, per layer, for a batch of rows that may sit
 * at different lengths (prompts differ in length, and so do first attempts before a second one).
 * Layout per layer: {@code keys[B, maxT, kvHeads·headDim]} and {@code values[B, maxT, kvHeads·headDim]},
 * the key/value heads that the {@code heads} query heads share in groups (GPT-2: {@code kvHeads = heads},
 * {@code kvHeads·headDim = C}).
 *
 * <p>{@code maxT} is what the generations asked for, in whole {@linkplain #BLOCK blocks}, not the
 * model's context: 64 rows of a 12-layer, 768-wide model take 4.8 GB at 1024 positions and 0.38 GB at
 * the 80 a 16-token prompt and 64 new tokens need. A longer request grows the cache in place
 * ({@link #reserve}), keeping what it holds.
 */
public final class KvCache {
    /**
     * Capacities are multiples of this many positions, the sampler's prefill step: a cache only grows, so
     * coarser blocks would only hold more memory (at 64, a 16 + 64-token generation held 128 positions).
     */
    public static final int BLOCK = 16;

    private final Backend backend;
    private final int batch;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    /** The width of a cached position, {@code kvHeads·headDim}. */
    private final int width;
    private final Storage[] keys;
    private final Storage[] values;
    private final int[] length;
    private int maxT;

    /**
     * A cache of {@code batch} rows with room for {@code positions} each, rounded up to a block, for
     * attention with {@code heads} query heads over {@code kvHeads} key/value heads of {@code headDim}.
     */
    public KvCache(Backend backend, int layers, int batch, int positions, int heads, int kvHeads, int headDim) {
        if (batch < 1 || positions < 1 || heads < 1 || kvHeads < 1 || headDim < 1 || layers < 1) {
            throw new IllegalArgumentException("a KV cache needs positive sizes, got layers " + layers + ", batch "
                    + batch + ", positions " + positions + ", heads " + heads + ", kvHeads " + kvHeads + ", headDim "
                    + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("a KV cache for " + heads + " query heads cannot share " + kvHeads
                    + " key/value heads among them evenly");
        }
        this.backend = backend;
        this.batch = batch;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.width = Math.multiplyExact(kvHeads, headDim);
        this.keys = new Storage[layers];
        this.values = new Storage[layers];
        this.length = new int[batch];
        this.maxT = blocks(positions);
        long floats = (long) batch * maxT * width;
        if (floats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a KV cache layer of " + batch + " rows × " + maxT + " positions × "
                    + width + " is " + floats + " floats, more than one storage holds");
        }
        for (int l = 0; l < layers; l++) {
            keys[l] = backend.allocate((int) floats);
            values[l] = backend.allocate((int) floats);
        }
    }

    /** {@code positions} rounded up to whole blocks. */
    private static int blocks(int positions) {
        return (int) (((long) positions + BLOCK - 1) / BLOCK * BLOCK);
    }

    public int batch() {
        return batch;
    }

    /** How many positions each row can hold. */
    public int capacity() {
        return maxT;
    }

    /** Whether this cache has these shapes (whatever its capacity), for reuse by another generation. */
    boolean fits(Backend backend, int layers, int batch, int heads, int kvHeads, int headDim) {
        return this.backend == backend && keys.length == layers && this.batch == batch && this.heads == heads
                && this.kvHeads == kvHeads && this.headDim == headDim;
    }

    /**
     * Makes room for {@code positions} per row: nothing when the cache has it, else every layer moves
     * to storages of that many positions (rounded up to a block) with each row's cached positions
     * copied over, so a generation may ask for more than the cache was made for.
     */
    public void reserve(int positions) {
        if (positions <= maxT) {
            return;
        }
        int grown = blocks(positions);
        for (int l = 0; l < keys.length; l++) {
            keys[l] = moved(keys[l], grown);
            values[l] = moved(values[l], grown);
        }
        maxT = grown;
    }

    /** {@code old[B, maxT, kvHeads·headDim]}'s cached positions in a new {@code [B, grown, kvHeads·headDim]}. */
    private Storage moved(Storage old, int grown) {
        Storage wider = backend.allocate(Math.multiplyExact(Math.multiplyExact(batch, grown), width));
        for (int b = 0; b < batch; b++) {
            backend.copy(old, b * maxT * width, wider, b * grown * width, length[b] * width);
        }
        return wider;
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
     * attends to everything up to them; {@code qkv} is {@code [B·tq, (heads + 2·kvHeads)·headDim]} (laid out
     * as {@link Backend#attentionForward} says), the result {@code [B·tq, heads·headDim]}.
     * The lengths move only with {@link #advance}, since a padded prefill keeps fewer than {@code tq}.
     */
    Tensor attend(int layer, Tensor qkv, int tq) {
        for (int b = 0; b < batch; b++) {
            if (length[b] + tq > maxT) {
                throw new IllegalStateException("KV cache row " + b + " holds " + length[b] + " of " + maxT
                        + " positions and cannot take " + tq + " more");
            }
        }
        int c = heads * headDim;
        Storage out = Workspace.output(backend, batch * tq * c);
        backend.attentionCached(out, qkv.data(), keys[layer], values[layer], length, batch, tq, heads, kvHeads, headDim,
                maxT);
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
