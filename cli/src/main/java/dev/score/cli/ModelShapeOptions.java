package dev.score.cli;

import dev.score.engine.io.ModelConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The model a benchmark builds at random: its family and size, with the small training config as
 * default (GPT-2, L=4, C=256, H=4, V=512, T=128).
 */
final class ModelShapeOptions {
    @Mixin
    FamilyOptions family;

    @Range(min = 1, max = 256)
    @Option(names = "--layers", defaultValue = "4", description = "1 to 256. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Range(min = 1, max = 65536)
    @Option(names = "--dim", defaultValue = "256", description = "Embedding width C, 1 to 65536. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Range(min = 1, max = 1024)
    @Option(names = "--heads", defaultValue = "4", description = "1 to 1024, dividing --dim. Default: ${DEFAULT-VALUE}.")
    int heads;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--vocab", defaultValue = "512", description = "1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--ctx", defaultValue = "128", description = "n_positions, 1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int ctx;

    /** The config, with errors that name the options rather than config.json keys. */
    ModelConfig config() {
        return family.config(layers, dim, heads, vocab, ctx);
    }

    /** The shape as JSON fields, so a result line says what it measured. */
    String json() {
        return "\"layers\": " + layers + ", \"dim\": " + dim + ", \"heads\": " + heads + ", \"vocab\": " + vocab
                + ", \"ctx\": " + ctx + ", " + family.json(config());
    }
}
