package dev.score.cuda;

import java.util.Objects;

/**
 * The checks the cuda backend makes on the host before it launches anything: where the CPU backends
 * would throw on a bad index, a kernel would read or write outside its buffer, so every index and size is
 * checked here, with the CPU backends' exception types.
 */
final class Arguments {

    private Arguments() {
    }

    /** Fails unless a storage of {@code size} floats holds the {@code needed} an operation reads or writes. */
    static void requireFloats(String what, int size, long needed) {
        if (needed < 0 || needed > size) {
            throw new IndexOutOfBoundsException(what + " holds " + size + " floats; the operation needs " + needed);
        }
    }

    /** Fails unless a host array of {@code length} ints holds {@code needed}. */
    static void requireInts(String what, int length, int needed) {
        if (needed < 0 || needed > length) {
            throw new IndexOutOfBoundsException(what + " holds " + length + " ints; the operation needs " + needed);
        }
    }

    /** Fails unless every one of the first {@code count} indices lies in {@code [0, bound)}. */
    static void checkIndices(int[] indices, int count, int bound) {
        requireInts("the index array", indices.length, count);
        for (int i = 0; i < count; i++) {
            Objects.checkIndex(indices[i], bound);
        }
    }

    /** Fails unless every one of the first {@code count} targets is negative (ignored) or below {@code v}. */
    static void checkTargets(int[] targets, int count, int v) {
        requireInts("the target array", targets.length, count);
        for (int i = 0; i < count; i++) {
            if (targets[i] >= 0) {
                Objects.checkIndex(targets[i], v);
            }
        }
    }

    /** Fails unless every row's cached length leaves room for {@code tq} new tokens in {@code maxT}. */
    static void checkPastLengths(int[] pastLength, int batch, int tq, int maxT) {
        requireInts("pastLength", pastLength.length, batch);
        for (int b = 0; b < batch; b++) {
            Objects.checkFromIndexSize(pastLength[b], tq, maxT);
        }
    }

    /** The {@code copyToHost} range check of the CPU backends. */
    static void checkHostCopy(int size, int from, int dstLength, int count) {
        if (from < 0 || count < 0 || from > size - count || count > dstLength) {
            throw new IllegalArgumentException("cannot copy " + count + " floats from index " + from + " of " + size
                    + " into an array of " + dstLength);
        }
    }
}
