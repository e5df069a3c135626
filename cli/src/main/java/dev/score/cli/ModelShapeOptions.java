package dev.score.cli;

import dev.score.engine.io.Gpt2Config;
import picocli.CommandLine.Option;

/**
 * The GPT-2 size a benchmark builds at random, with the small training config as default
 * (L=4, C=256, H=4, V=512, T=128).
 */
final class ModelShapeOptions {
    /**
     * At most this many parameters: 2 GB of float32, and training holds about four times that (gradients,
     * AdamW's two moments), which a 24 GB machine still holds with activations.
     */
    static final long MAX_PARAMETERS = 500_000_000L;

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
    Gpt2Config config() {
        return config(layers, dim, heads, vocab, ctx);
    }

    /** A GPT-2 config of this shape, refused when --dim does not split into heads or it is too large to hold. */
    static Gpt2Config config(int layers, int dim, int heads, int vocab, int ctx) {
        if (dim % heads != 0) {
            throw new UserError("--dim " + dim + " is not a multiple of --heads " + heads);
        }
        // Embeddings, then per block: fused QKV and projection (4C² + 4C), MLP (8C² + 5C), two LayerNorms (4C).
        long parameters = ((long) vocab + ctx) * dim + layers * (12L * dim * dim + 13L * dim) + 2L * dim;
        if (parameters > MAX_PARAMETERS) {
            throw new UserError("--layers " + layers + " --dim " + dim + " --vocab " + vocab + " --ctx " + ctx
                    + ": " + parameters + " parameters; at most " + MAX_PARAMETERS + " (2 GB of float32, about 8 GB "
                    + "to train)");
        }
        return Gpt2Config.of(vocab, ctx, dim, layers, heads);
    }

    /** The shape as JSON fields, so a result line says what it measured. */
    String json() {
        return "\"layers\": " + layers + ", \"dim\": " + dim + ", \"heads\": " + heads + ", \"vocab\": " + vocab
                + ", \"ctx\": " + ctx;
    }
}
