package dev.score.engine.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a run needs beyond the weights to resume exactly where it stopped: AdamW's first and second
 * moments per parameter, the optimizer's step count, the random generator's state, and free-form
 * JSON extras the trainer keeps.
 *
 * <p>Saved beside the model as {@code training_state.safetensors} (tensors {@code m.<param>},
 * {@code v.<param>} and {@code rng_state}) and {@code training_state.json} (step and extras). The
 * moment maps are held, not copied; loaded ones are in {@link ModelConfig#parameterShapes()} order.
 */
public record TrainingState(
        long step,
        Map<String, float[]> firstMoments,
        Map<String, float[]> secondMoments,
        long[] rngState,
        ObjectNode extras) {

    public static final String TENSORS_FILE = "training_state.safetensors";
    public static final String JSON_FILE = "training_state.json";

    private static final String FIRST_MOMENT_PREFIX = "m.";
    private static final String SECOND_MOMENT_PREFIX = "v.";
    private static final String RNG_STATE = "rng_state";
    private static final int VERSION = 1;
    // Each file is replaced atomically, but not the two together: a crash between the two renames
    // would pair moments from one save with a step from another. A shared random id exposes that.
    private static final String SAVE_ID = "save_id";
    private static final String ROLE = "resuming a run needs " + JSON_FILE + " and " + TENSORS_FILE;

    public TrainingState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, found " + step);
        }
        Objects.requireNonNull(firstMoments, "firstMoments");
        Objects.requireNonNull(secondMoments, "secondMoments");
        rngState = rngState.clone();
        Objects.requireNonNull(extras, "extras");
    }

    @Override
    public long[] rngState() {
        return rngState.clone();
    }

    /** Whether {@code dir} holds a saved training state to resume from. */
    public static boolean existsIn(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON_FILE))
                && Files.isRegularFile(dir.resolve(TENSORS_FILE));
    }

    /** Writes both files into {@code dir}, creating it; the moments must match {@code config}. */
    public void save(Path dir, ModelConfig config) {
        save(dir, config, step, FloatValues.ofArrays(firstMoments), FloatValues.ofArrays(secondMoments), rngState,
                extras);
    }

    /**
     * Writes a training state into {@code dir} as {@link #save(Path, ModelConfig)} does, from moments read a
     * chunk at a time (an optimizer's, without host copies).
     */
    public static void save(Path dir, ModelConfig config, long step, Map<String, FloatValues> firstMoments,
            Map<String, FloatValues> secondMoments, long[] rngState, ObjectNode extras) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, found " + step);
        }
        ModelDirectory.requireWritable(dir);
        Path tensorsFile = dir.resolve(TENSORS_FILE);
        LinkedHashMap<String, int[]> shapes = config.parameterShapes();
        SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.putAll(ParameterTensors.forWriting(tensorsFile, FIRST_MOMENT_PREFIX, shapes, firstMoments));
        tensors.putAll(ParameterTensors.forWriting(tensorsFile, SECOND_MOMENT_PREFIX, shapes, secondMoments));
        tensors.put(RNG_STATE, TensorData.longs(rngState, rngState.length));
        String saveId = UUID.randomUUID().toString();
        SafeTensors.write(tensorsFile, tensors, Map.of(SAVE_ID, saveId));

        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.put("version", VERSION);
        json.put("step", step);
        json.put(SAVE_ID, saveId);
        json.set("extras", extras);
        JsonFiles.writeObject(dir.resolve(JSON_FILE), json);
    }

    /** Reads the state saved in {@code dir}, checking the moments against {@code config}. */
    public static TrainingState load(Path dir, ModelConfig config) {
        ModelDirectory.requireExisting(dir);
        Path jsonFile = ModelDirectory.requireFile(dir, JSON_FILE, ROLE);
        Path tensorsFile = ModelDirectory.requireFile(dir, TENSORS_FILE, ROLE);

        JsonFields json = new JsonFields(jsonFile, JsonFiles.readObject(jsonFile));
        int version = json.requiredInt("version");
        if (version != VERSION) {
            throw new CheckpointException(jsonFile, "key \"version\": expected " + VERSION + ", found " + version);
        }
        long step = json.requiredLong("step");
        if (step < 0) {
            throw new CheckpointException(jsonFile, "key \"step\": expected a non-negative integer, found " + step);
        }
        String saveId = json.requiredString(SAVE_ID);
        ObjectNode extras = json.requiredObject("extras");

        try (SafeTensorsFile file = SafeTensors.read(tensorsFile)) {
            String tensorsSaveId = file.metadata().get(SAVE_ID);
            if (!saveId.equals(tensorsSaveId)) {
                throw new CheckpointException(tensorsFile, "metadata save_id " + tensorsSaveId
                        + " does not match " + JSON_FILE + "'s " + saveId
                        + ": the two files come from different saves");
            }
            LinkedHashMap<String, int[]> shapes = config.parameterShapes();
            checkNames(file, shapes);
            return new TrainingState(step,
                    readMoments(file, FIRST_MOMENT_PREFIX, shapes),
                    readMoments(file, SECOND_MOMENT_PREFIX, shapes),
                    readRngState(file),
                    extras);
        }
    }

    private static void checkNames(SafeTensorsFile file, Map<String, int[]> shapes) {
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (String prefix : List.of(FIRST_MOMENT_PREFIX, SECOND_MOMENT_PREFIX)) {
            shapes.forEach((parameter, shape) -> expected.put(prefix + parameter, shape));
        }
        for (String name : file.names()) {
            if (name.equals(RNG_STATE)) {
                continue;
            }
            int[] shape = expected.get(name);
            if (shape == null) {
                throw CheckpointException.inTensor(file.path(), name,
                        "unexpected: not an AdamW moment (m.<param> or v.<param>) of this model");
            }
            ParameterTensors.checkShape(file, name, shape);
        }
        List<String> missing = Stream.concat(expected.keySet().stream(), Stream.of(RNG_STATE))
                .filter(name -> !file.contains(name))
                .toList();
        if (!missing.isEmpty()) {
            throw ParameterTensors.missing(file.path(), missing);
        }
    }

    private static LinkedHashMap<String, float[]> readMoments(
            SafeTensorsFile file, String prefix, Map<String, int[]> shapes) {
        LinkedHashMap<String, float[]> moments = new LinkedHashMap<>();
        shapes.keySet().forEach(parameter -> moments.put(parameter, ParameterTensors.finiteFloats(file, prefix + parameter)));
        return moments;
    }

    private static long[] readRngState(SafeTensorsFile file) {
        if (file.info(RNG_STATE).rank() != 1) {
            throw CheckpointException.inTensor(file.path(), RNG_STATE,
                    "expected a rank-1 tensor, found shape " + Shapes.format(file.shape(RNG_STATE)));
        }
        return file.longs(RNG_STATE);
    }
}
