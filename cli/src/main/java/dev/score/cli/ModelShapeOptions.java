package dev.score.cli;

import dev.score.engine.io.Gpt2Config;
import picocli.CommandLine.Option;

/**
 * The GPT-2 size a benchmark builds at random, with the small training config as default
 * (L=4, C=256, H=4, V=512, T=128).
 */
final class ModelShapeOptions {
    @Option(names = "--layers", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dim", defaultValue = "256", description = "Embedding width C. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--vocab", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Option(names = "--ctx", defaultValue = "128", description = "n_positions. Default: ${DEFAULT-VALUE}.")
    int ctx;

    /** The config, with errors that name the options rather than config.json keys. */
    Gpt2Config config() {
        Bench.requirePositive("--layers", layers);
        Bench.requirePositive("--dim", dim);
        Bench.requirePositive("--heads", heads);
        Bench.requirePositive("--vocab", vocab);
        Bench.requirePositive("--ctx", ctx);
        if (dim % heads != 0) {
            throw new UserError("--dim " + dim + " is not a multiple of --heads " + heads);
        }
        return Gpt2Config.of(vocab, ctx, dim, layers, heads);
    }

    /** The shape as JSON fields, so a result line says what it measured. */
    String json() {
        return "\"layers\": " + layers + ", \"dim\": " + dim + ", \"heads\": " + heads + ", \"vocab\": " + vocab
                + ", \"ctx\": " + ctx;
    }
}
