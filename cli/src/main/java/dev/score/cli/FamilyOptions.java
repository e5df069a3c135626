package dev.score.cli;

import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.LlamaConfig;
import dev.score.engine.io.ModelConfig;
import picocli.CommandLine.Option;

/**
 * Which family a model made at random belongs to, and the two widths only the Llama family sets apart:
 * the key/value heads of grouped-query attention and the MLP width.
 */
final class FamilyOptions {
    /**
     * At most this many parameters: 2 GB of float32, and training holds about four times that (gradients,
     * AdamW's two moments), which a 24 GB machine still holds with activations.
     */
    static final long MAX_PARAMETERS = 500_000_000L;

    @Option(names = "--family", defaultValue = "gpt2", description = "gpt2, or the Llama family: llama, qwen2 "
            + "(q/k/v biases) or qwen3 (q/k norms). Default: ${DEFAULT-VALUE}.")
    String family;

    @Range(min = 0, max = 1024)
    @Option(names = "--kv-heads", defaultValue = "0", description = "Key/value heads of the Llama family's grouped-"
            + "query attention, dividing --heads; 0 = as many as --heads. Default: ${DEFAULT-VALUE}.")
    int kvHeads;

    @Range(min = 0, max = 1_048_576)
    @Option(names = "--ffn", defaultValue = "0", description = "MLP width; 0 = the family's usual one (GPT-2: 4·dim; "
            + "Llama: 8·dim/3 rounded up to a multiple of 8, as many parameters in its three matrices). Default: "
            + "${DEFAULT-VALUE}.")
    int ffn;

    /** A config of this family and shape, with errors that name the options rather than config.json keys. */
    ModelConfig config(int layers, int dim, int heads, int vocab, int ctx) {
        if (dim % heads != 0) {
            throw new UserError("--dim " + dim + " is not a multiple of --heads " + heads);
        }
        int kv = kvHeads == 0 ? heads : kvHeads;
        ModelConfig config = switch (family) {
            case "gpt2" -> {
                if (kvHeads != 0 && kvHeads != heads) {
                    throw new UserError("--kv-heads " + kvHeads + ": GPT-2 has as many key/value heads as --heads "
                            + heads);
                }
                yield new Gpt2Config(vocab, ctx, dim, layers, heads, 1e-5, "gelu_new", ffn == 0 ? null : ffn);
            }
            case LlamaConfig.LLAMA, LlamaConfig.QWEN2, LlamaConfig.QWEN3 -> {
                if (heads % kv != 0) {
                    throw new UserError("--kv-heads " + kv + " does not divide --heads " + heads);
                }
                if ((dim / heads) % 2 != 0) {
                    throw new UserError("--dim " + dim + " / --heads " + heads + " = " + dim / heads
                            + ": rotary embeddings need an even head width");
                }
                yield LlamaConfig.of(family, vocab, ctx, dim, layers, heads, kv, ffn != 0 ? ffn : LlamaConfig.usualIntermediate(dim));
            }
            default -> throw new UserError("--family " + OptionPaths.shown(family)
                    + ": expected gpt2, llama, qwen2 or qwen3");
        };
        long parameters = config.parameterShapes().values().stream()
                .mapToLong(shape -> shape.length == 1 ? shape[0] : (long) shape[0] * shape[1]).sum();
        if (parameters > MAX_PARAMETERS) {
            throw new UserError("--layers " + layers + " --dim " + dim + " --vocab " + vocab + " --ctx " + ctx
                    + ": " + parameters + " parameters; at most " + MAX_PARAMETERS + " (2 GB of float32, about 8 GB "
                    + "to train)");
        }
        return config;
    }

    /** The family and widths as JSON fields, so a result line says what it measured. */
    String json(ModelConfig config) {
        return switch (config) {
            case Gpt2Config gpt2 -> "\"family\": \"gpt2\", \"ffn\": " + gpt2.mlpWidth();
            case LlamaConfig llama -> "\"family\": \"" + llama.modelType() + "\", \"kv_heads\": "
                    + llama.numKeyValueHeads() + ", \"ffn\": " + llama.intermediateSize();
        };
    }
}
