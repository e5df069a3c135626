package dev.score.cli;

import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.TrainingState;
import dev.score.rl.base.BasePretraining;
import dev.score.rl.protocol.ChatTemplateFile;
import dev.score.tokenizer.Gpt2Files;
import dev.score.tokenizer.TokenizerJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Preparing a directory to receive a new model. One that holds a model already is refused unless forced,
 * because the new weights would sit beside files of the old one (its tokenizer.json above all, whose ids
 * need not match); forced, every model file the new model does not write is removed. A directory holding
 * only a tokenizer is taken as it is: training the tokenizer first is how a model gets one. Anything
 * else in the directory is never removed, and refuses it even when forced, so a mistyped {@code --out .}
 * cannot empty a working directory.
 */
final class ModelOutput {
    /** The files of a tokenizer waiting for its model (written by train-tokenizer, GPT-2's, or a downloaded model's with its chat template). */
    static final Set<String> TOKENIZER_FILES = Set.of(TokenizerJson.FILE, Gpt2Files.ENCODER, Gpt2Files.MERGES,
            ChatTemplateFile.CONFIG, ChatTemplateFile.JINJA);
    /** Every file a model directory of ours holds: weights, tokenizers, training state, the base recipe. */
    static final Set<String> MODEL_FILES = Set.of(Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE,
            TokenizerJson.FILE, Gpt2Files.ENCODER, Gpt2Files.MERGES, ChatTemplateFile.CONFIG, ChatTemplateFile.JINJA,
            TrainingState.TENSORS_FILE,
            TrainingState.JSON_FILE, BasePretraining.RECIPE_FILE);

    private ModelOutput() {
    }

    /**
     * Checks that {@code dir} can take a model writing {@code written}, and with {@code force} removes the
     * old model's other files in it.
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
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!MODEL_FILES.contains(name) || !Files.isRegularFile(entry)) {
                throw new UserError(OptionPaths.where(option, dir) + "holds " + name + ", which is not a model "
                        + "file; choose an empty directory (--force only replaces a model)");
            }
        }
        boolean onlyATokenizer = entries.stream().allMatch(e -> TOKENIZER_FILES.contains(e.getFileName().toString()));
        if (onlyATokenizer) {
            return;
        }
        if (!force) {
            throw new UserError(OptionPaths.where(option, dir) + "holds a model already; add --force to replace it "
                    + "(its tokenizer and training state go too), or choose another directory");
        }
        for (Path entry : entries) {
            if (!written.contains(entry.getFileName().toString())) {
                Files.delete(entry);
            }
        }
    }
}
