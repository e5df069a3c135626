package dev.score.engine.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/** Matching per-parameter float arrays against the parameter shapes a config prescribes. */
final class ParameterTensors {

    private ParameterTensors() {}

    /**
     * The arrays of {@code values}, named {@code namePrefix + parameter} in the order of
     * {@code shapes}, ready to write to {@code file}; each parameter must be present with exactly
     * its number of elements, and nothing else may be.
     */
    static SequencedMap<String, TensorData> forWriting(
            Path file, String namePrefix, Map<String, int[]> shapes, Map<String, FloatValues> values) {
        for (String name : values.keySet()) {
            if (!shapes.containsKey(name)) {
                throw CheckpointException.inTensor(file, namePrefix + name, "not a parameter of this config");
            }
        }
        SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> parameter : shapes.entrySet()) {
            String name = namePrefix + parameter.getKey();
            FloatValues array = values.get(parameter.getKey());
            if (array == null) {
                throw CheckpointException.inTensor(file, name, "no values given");
            }
            int[] shape = parameter.getValue();
            if (array.size() != Shapes.elementCount(shape)) {
                throw CheckpointException.inTensor(file, name, "shape " + Shapes.format(shape) + " needs "
                        + Shapes.elementCount(shape) + " values, got " + array.size());
            }
            tensors.put(name, TensorData.floats(array, shape));
        }
        return tensors;
    }

    /**
     * The stored tensor's values, which must all be finite: a NaN or an infinity in a weight or a moment
     * poisons every result computed from it (a loss of NaN, logits that sample token 0 forever), so it is
     * refused where it is read, with the tensor and the first bad index named.
     */
    static float[] finiteFloats(SafeTensorsFile file, String storedName) {
        float[] values = file.floats(storedName);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                String value = Float.isNaN(values[i]) ? "NaN" : values[i] > 0 ? "+Infinity" : "-Infinity";
                throw CheckpointException.inTensor(file.path(), storedName, "holds " + value + " at index " + i
                        + " (of " + values.length + "); every value must be finite");
            }
        }
        return values;
    }

    /** Fails unless the stored tensor has the expected shape. */
    static void checkShape(SafeTensorsFile file, String storedName, int[] expected) {
        int[] found = file.shape(storedName);
        if (!Arrays.equals(found, expected)) {
            throw CheckpointException.inTensor(file.path(), storedName,
                    "expected shape " + Shapes.format(expected) + ", found " + Shapes.format(found));
        }
    }

    /** The error for the first of the {@code missing} names, counting the rest. */
    static CheckpointException missing(Path file, List<String> missing) {
        String more = missing.size() > 1 ? " (and " + (missing.size() - 1) + " more)" : "";
        return CheckpointException.inTensor(file, missing.getFirst(), "missing from the file" + more);
    }
}
