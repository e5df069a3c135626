package dev.score.engine.io;

/**
 * One entry of a safetensors header: a tensor's dtype, shape, and where its bytes lie, as
 * offsets {@code [begin, end)} relative to the start of the data buffer.
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        return Shapes.elementCount(shape);
    }

    public int rank() {
        return shape.length;
    }

    public long byteLength() {
        return end - begin;
    }
}
