package dev.score.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The parsed and fully validated JSON header of a safetensors file: its tensors in header order
 * and its {@code __metadata__}.
 *
 * <p>Validation follows the reference implementation: every entry has a known dtype, a shape of
 * non-negative dimensions and {@code data_offsets [begin, end]} whose length matches the shape;
 * the tensors tile the data buffer exactly, without overlaps, holes or trailing bytes.
 */
record SafeTensorsHeader(SequencedMap<String, TensorInfo> tensors, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";

    static SafeTensorsHeader parse(Path file, byte[] json, long bufferLength) {
        ObjectNode root = JsonFiles.parseObject(file, json, "header: ");
        SequencedMap<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                tensors.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue()));
            }
        }
        checkTiling(file, tensors.values(), bufferLength);
        return new SafeTensorsHeader(Collections.unmodifiableSequencedMap(tensors), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw new CheckpointException(file,
                    "header: \"__metadata__\" must be an object of strings, found " + JsonFiles.typeOf(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new CheckpointException(file, "header: \"__metadata__\" value of \"" + entry.getKey()
                        + "\" must be a string, found " + JsonFiles.typeOf(entry.getValue()));
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode node) {
        if (!(node instanceof ObjectNode entry)) {
            throw CheckpointException.inTensor(file, name,
                    "header entry must be an object with dtype, shape and data_offsets, found "
                            + JsonFiles.typeOf(node));
        }
        DType dtype = parseDtype(file, name, field(file, name, entry, "dtype"));
        int[] shape = parseShape(file, name, field(file, name, entry, "shape"));
        long[] offsets = parseOffsets(file, name, field(file, name, entry, "data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw CheckpointException.inTensor(file, name,
                    "data_offsets [" + begin + ", " + end + "]: end is before begin");
        }
        long count = Shapes.elementCount(shape);
        long expectedBytes = count < 0 ? -1 : multiplyOrMinusOne(count, dtype.byteSize());
        if (expectedBytes != end - begin) {
            String needs = expectedBytes < 0 ? "more than 2^63" : Long.toString(expectedBytes);
            throw CheckpointException.inTensor(file, name, "data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes, but shape " + Shapes.format(shape) + " of " + dtype
                    + " needs " + needs);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static JsonNode field(Path file, String name, ObjectNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw CheckpointException.inTensor(file, name, "header entry has no \"" + key + "\"");
        }
        return value;
    }

    private static DType parseDtype(Path file, String name, JsonNode node) {
        if (!node.isTextual()) {
            throw CheckpointException.inTensor(file, name,
                    "\"dtype\" must be a string, found " + JsonFiles.typeOf(node));
        }
        return DType.parse(node.textValue()).orElseThrow(() -> CheckpointException.inTensor(file, name,
                "unknown dtype '" + node.textValue() + "'"));
    }

    private static int[] parseShape(Path file, String name, JsonNode node) {
        if (!(node instanceof ArrayNode array)) {
            throw CheckpointException.inTensor(file, name,
                    "\"shape\" must be an array of non-negative integers, found " + JsonFiles.typeOf(node));
        }
        int[] shape = new int[array.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = array.get(i);
            if (!dim.isIntegralNumber()) {
                throw CheckpointException.inTensor(file, name,
                        "\"shape\" must hold integers, found " + JsonFiles.typeOf(dim));
            }
            if (dim.bigIntegerValue().signum() < 0) {
                throw CheckpointException.inTensor(file, name, "\"shape\" has negative dimension " + dim);
            }
            if (!dim.canConvertToInt()) {
                throw CheckpointException.inTensor(file, name,
                        "\"shape\" dimension " + dim + " is larger than 2^31-1, which this reader does not support");
            }
            shape[i] = dim.intValue();
        }
        return shape;
    }

    private static long[] parseOffsets(Path file, String name, JsonNode node) {
        if (!(node instanceof ArrayNode array) || array.size() != 2) {
            throw CheckpointException.inTensor(file, name,
                    "\"data_offsets\" must be [begin, end], found " + JsonFiles.typeOf(node));
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode offset = array.get(i);
            if (!offset.isIntegralNumber() || offset.bigIntegerValue().signum() < 0) {
                throw CheckpointException.inTensor(file, name,
                        "\"data_offsets\" must hold non-negative integers, found " + JsonFiles.typeOf(offset));
            }
            if (!offset.canConvertToLong()) {
                throw CheckpointException.inTensor(file, name,
                        "data offset " + offset + " is past the end of the data buffer");
            }
            offsets[i] = offset.longValue();
        }
        return offsets;
    }

    /** Each tensor inside the buffer, none overlapping another, and every byte covered. */
    private static void checkTiling(Path file, Iterable<TensorInfo> entries, long bufferLength) {
        List<TensorInfo> byOffset = new ArrayList<>();
        entries.forEach(byOffset::add);
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (TensorInfo tensor : byOffset) {
            if (tensor.end() > bufferLength) {
                throw CheckpointException.inTensor(file, tensor.name(), "data_offsets [" + tensor.begin()
                        + ", " + tensor.end() + "] run past the end of the data buffer (" + bufferLength + " bytes)");
            }
        }
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo tensor : byOffset) {
            if (tensor.begin() < covered) {
                throw CheckpointException.inTensor(file, tensor.name(), "bytes " + range(tensor)
                        + " overlap tensor '" + previous.name() + "' at bytes " + range(previous));
            }
            if (tensor.begin() > covered) {
                throw new CheckpointException(file, "bytes [" + covered + ", " + tensor.begin()
                        + ") of the data buffer belong to no tensor (the format allows no holes)");
            }
            covered = tensor.end();
            previous = tensor;
        }
        if (covered != bufferLength) {
            throw new CheckpointException(file, "bytes [" + covered + ", " + bufferLength
                    + ") at the end of the data buffer belong to no tensor (the format allows no trailing bytes)");
        }
    }

    private static String range(TensorInfo tensor) {
        return "[" + tensor.begin() + ", " + tensor.end() + ")";
    }

    private static long multiplyOrMinusOne(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
