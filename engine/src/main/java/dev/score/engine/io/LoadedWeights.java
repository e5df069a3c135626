package dev.score.engine.io;

import java.util.LinkedHashMap;

/**
 * A model read from a checkpoint directory: its config and every parameter as float32, keyed by
 * the canonical names of {@link Gpt2Config#parameterShapes()} and in that order.
 */
public record LoadedWeights(Gpt2Config config, LinkedHashMap<String, float[]> weights) {}
