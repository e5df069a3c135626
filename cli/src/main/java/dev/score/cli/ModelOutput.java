package dev.score.cli;

import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.TrainingState;
import dev.score.rl.base.BasePretraining;
import dev.score.tokenizer.Gpt2Files;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Preparing a directory to receive a new model. A non-empty one is refused unless forced, because the
 * new weights would sit beside files of the old model (its tokenizer.json above all, whose ids no longer
 * match). Forced, it removes every model file the new model does not write; it never removes anything
 * else, so a mistyped {@code --out .} cannot empty a working directory.
 */
final class ModelOutput {
    /** Every file a model directory of ours holds: weights, tokenizers, training state, the base recipe. */
    static final Set<String> MODEL_FILES = Set.of(Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE,
            TokenizerJson.FILE, Gpt2Files.ENCODER, Gpt2Files.MERGES, TrainingState.TENSORS_FILE,
            TrainingState.JSON_FILE, BasePretraining.RECIPE_FILE);

    private ModelOutput() {
    }

    /**
     * Checks that {@code dir} can take a model writing {@code written}, and with {@code force} removes the
     * stale model files in it.
     */
    static void prepare(String option, Path dir, boolean force, Set<String> written) throws IOException {
        OptionPaths.writableDirectory(option, dir);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(dir)) {
            entries = listing.sorted().toList();
        }
        if (entries.isEmpty()) {
            return;
        }
        if (!force) {
            throw new UserError(OptionPaths.where(option, dir) + "not empty (it holds " + entries.getFirst()
                    .getFileName() + (entries.size() > 1 ? " and " + (entries.size() - 1) + " more" : "")
                    + "); add --force to replace the model in it, or choose another directory");
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!MODEL_FILES.contains(name) || !Files.isRegularFile(entry)) {
                throw new UserError(OptionPaths.where(option, dir) + "holds " + name + ", which is not a model "
                        + "file; --force only replaces a model directory (remove it yourself, or choose another "
                        + "directory)");
            }
        }
        for (Path entry : entries) {
            if (!written.contains(entry.getFileName().toString())) {
                Files.delete(entry);
            }
        }
    }
}
