package dev.score.cli;

import dev.score.engine.CausalLms;
import dev.score.engine.io.Checkpoint;
import dev.score.engine.io.ModelConfig;
import dev.score.kernels.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code init}: writes a freshly initialized model directory of a chosen family and size. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a randomly initialized GPT-2 or Llama-family model (config.json + model.safetensors).")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Model directory to write: a new or empty one, or "
            + "one holding only a tokenizer (train-tokenizer --out), which the model then uses. One holding a "
            + "model is refused unless --force; one holding other files is refused.")
    Path out;

    @Option(names = "--force", description = "Replace the model in --out: its other files (tokenizer.json, "
            + "encoder.json, vocab.bpe, training state, base.json) are removed with it, since they belong to the "
            + "old weights.")
    boolean force;

    @Range(min = 1, max = 256)
    @Option(names = "--layers", defaultValue = "4", description = "1 to 256. Default: ${DEFAULT-VALUE}.")
    int layers;

    @Range(min = 1, max = 65536)
    @Option(names = "--dim", defaultValue = "128", description = "Embedding width, 1 to 65536. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Range(min = 1, max = 1024)
    @Option(names = "--heads", defaultValue = "4", description = "1 to 1024, dividing --dim. Default: ${DEFAULT-VALUE}.")
    int heads;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--vocab", defaultValue = "512", description = "1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--ctx", defaultValue = "256", description = "n_positions, 1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int ctx;

    @Mixin
    FamilyOptions family;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        ModelConfig config = family.config(layers, dim, heads, vocab, ctx);
        backendOptions.check();
        ModelOutput.prepare("--out", out, force, Set.of(Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE));
        try (Backend backend = backendOptions.open()) {
            CausalLms.initialized(config, backend, seed).save(out);
        }
        System.out.println("wrote " + out.resolve(Checkpoint.CONFIG_FILE) + " and " + out.resolve(Checkpoint.MODEL_FILE));
        return 0;
    }
}
