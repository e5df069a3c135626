package dev.score.kernels;

/** A storage in the Java heap: the storage of both CPU backends, so their results compare directly. */
public record HostStorage(float[] array) implements Storage {
    @Override
    public int size() {
        return array.length;
    }

    /** The array behind a storage made by a CPU backend; fails clearly for any other storage. */
    static float[] of(Storage storage) {
        if (storage instanceof HostStorage(float[] values)) {
            return values;
        }
        if (storage instanceof PackedMatrix) {
            throw new IllegalArgumentException("a packed matrix can only be the B operand of matmul");
        }
        throw new IllegalArgumentException(
                "a CPU backend was handed a storage it did not make: " + storage.getClass().getName());
    }
}
