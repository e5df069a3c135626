package dev.score.engine.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Seeded random parameter arrays of the shapes a config prescribes. */
final class TestWeights {

    private TestWeights() {}

    static LinkedHashMap<String, float[]> random(Gpt2Config config, long seed) {
        Random random = new Random(seed);
        LinkedHashMap<String, float[]> weights = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> parameter : config.parameterShapes().entrySet()) {
            float[] values = new float[(int) Shapes.elementCount(parameter.getValue())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            weights.put(parameter.getKey(), values);
        }
        return weights;
    }

    /** The weights as tensors of their canonical shapes, each name given {@code prefix}. */
    static LinkedHashMap<String, TensorData> asTensors(Gpt2Config config, Map<String, float[]> weights, String prefix) {
        LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
        config.parameterShapes().forEach((name, shape) ->
                tensors.put(prefix + name, TensorData.floats(weights.get(name), shape)));
        return tensors;
    }
}
