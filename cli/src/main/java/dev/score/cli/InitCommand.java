package dev.score.cli;

import dev.score.engine.Gpt2Model;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code init}: writes a freshly initialized GPT-2 model directory of a chosen size. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a randomly initialized GPT-2 model (config.json + model.safetensors).")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Model directory to write.")
    Path out;

    @Option(names = "--layers", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--dim", defaultValue = "128", description = "Embedding width. Default: ${DEFAULT-VALUE}.")
    int dim;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--vocab", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int vocab;

    @Option(names = "--ctx", defaultValue = "256", description = "n_positions. Default: ${DEFAULT-VALUE}.")
    int ctx;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        Gpt2Config config = Gpt2Config.of(vocab, ctx, dim, layers, heads);
        try (Backend backend = backendOptions.open()) {
            Gpt2Model.initialized(config, backend, seed).save(out);
        }
        System.out.println("wrote " + out.resolve("config.json") + " and " + out.resolve("model.safetensors"));
        return 0;
    }
}
