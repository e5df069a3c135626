package dev.score.engine.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of one tensor to be written, read a range at a time: a checkpoint of a model's weights or
 * moments streams them to the file through a small buffer instead of a host copy of each whole tensor
 * (for a 0.5B model, the weights and two moments copied at once were 6 GB).
 */
public interface FloatValues {

    /** How many values there are. */
    int size();

    /** Copies values {@code [from, from + count)} into {@code dst[0 .. count)}. */
    void read(int from, float[] dst, int count);

    /** All the values in a new array. */
    default float[] toArray() {
        float[] all = new float[size()];
        read(0, all, all.length);
        return all;
    }

    /** The values of {@code array}, held, not copied. */
    static FloatValues of(float[] array) {
        return new FloatValues() {
            @Override
            public int size() {
                return array.length;
            }

            @Override
            public void read(int from, float[] dst, int count) {
                System.arraycopy(array, from, dst, 0, count);
            }
        };
    }

    /** Each array of {@code arrays} as {@link #of}, in the same order. */
    static Map<String, FloatValues> ofArrays(Map<String, float[]> arrays) {
        Map<String, FloatValues> values = new LinkedHashMap<>();
        arrays.forEach((name, array) -> values.put(name, of(array)));
        return values;
    }
}
