package dev.score.tokenizer;

import java.util.Arrays;

/**
 * The merge table as an open-addressing hash from a pair of token ids to its merge rank: BPE's inner loop
 * asks it for every adjacent pair, so it hashes one long instead of concatenating strings.
 */
final class PairRanks {
    private final long[] keys;
    private final int[] ranks;
    private final int mask;

    PairRanks(int[] left, int[] right) {
        int capacity = Integer.highestOneBit(Math.max(4, left.length * 2)) << 1;
        keys = new long[capacity];
        ranks = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(ranks, -1);
        for (int rank = 0; rank < left.length; rank++) {
            long key = key(left[rank], right[rank]);
            int slot = slot(key);
            while (ranks[slot] >= 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            // A pair listed twice keeps its last rank, as every reference's table does (Python's dict,
            // JavaScript's object, the Rust library's HashMap).
            keys[slot] = key;
            ranks[slot] = rank;
        }
    }

    /** The rank of merging {@code a} then {@code b}, or −1 if no merge joins them. */
    int rank(int a, int b) {
        long key = key(a, b);
        int slot = slot(key);
        while (ranks[slot] >= 0) {
            if (keys[slot] == key) {
                return ranks[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
