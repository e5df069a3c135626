package dev.score.engine.io;

import java.util.Optional;

/**
 * The element types a safetensors header may name, with their sizes in bytes.
 *
 * <p>All are recognised so that any well-formed file can be opened and checked; only the float
 * types F32, F16 and BF16 and the integer types I32 and I64 can be read into Java arrays.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), F8_E8M0(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The dtype spelled exactly as in a safetensors header, if there is one. */
    public static Optional<DType> parse(String name) {
        for (DType dtype : values()) {
            if (dtype.name().equals(name)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}
