package dev.score.cli;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.kernels.Backend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: continues a prompt of token ids; prints the new ids on the last stdout line. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a KV-cache sampler; prints the new token ids, space-separated.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
    Path model;

    @Option(names = "--prompt-ids", required = true, description = "The prompt's token ids, e.g. \"464 2068 7586\".")
    String promptIds;

    @Option(names = "--max-new-tokens", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "0 = greedy. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 = off.")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling threshold; 1 = off.")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--stop-ids", defaultValue = "", description = "Token ids that end the generation.")
    String stopIds;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        try (Backend backend = backendOptions.open()) {
            Gpt2Model gpt = Gpt2Model.load(model, backend);
            int vocab = gpt.config().vocabSize();
            int[] prompt = TokenIds.parse(promptIds, "--prompt-ids", vocab);
            if (prompt.length == 0) {
                throw new UserError("--prompt-ids: the prompt needs at least one token id");
            }
            Set<Integer> stops = Arrays.stream(TokenIds.parse(stopIds, "--stop-ids", vocab)).boxed()
                    .collect(Collectors.toSet());
            Sampler.Settings settings = new Sampler.Settings(maxNewTokens, temperature, topK, topP, stops);
            int[] tokens = Sampler.generate(gpt, List.of(prompt), settings, new Rng(seed)).getFirst().tokens();
            System.out.println(Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        }
        return 0;
    }
}
