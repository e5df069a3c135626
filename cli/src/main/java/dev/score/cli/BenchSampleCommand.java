package dev.score.cli;

import dev.score.engine.Gpt2Model;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench sample}: batched generation with the KV cache (prefill, then one token per row per
 * step), the shape of an RL rollout, on a freshly initialized GPT-2 and random prompts.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Time batched KV-cache sampling; prints tokens_per_s (new tokens over the median time "
                + "of a whole generation, prefill included).")
final class BenchSampleCommand implements Callable<Integer> {
    @Mixin
    ModelShapeOptions shape;

    @Option(names = "--batch", defaultValue = "64", description = "Rows sampled together. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--prompt-len", defaultValue = "16", description = "Prompt tokens per row. Default: ${DEFAULT-VALUE}.")
    int promptLength;

    @Option(names = "--new-tokens", defaultValue = "64", description = "New tokens per row. Default: ${DEFAULT-VALUE}.")
    int newTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed generations. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed generations first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        Gpt2Config config = shape.config();
        Bench.requirePositive("--batch", batch);
        Bench.requirePositive("--prompt-len", promptLength);
        Bench.requirePositive("--new-tokens", newTokens);
        Bench.requirePositive("--repeats", repeats);
        if (warmup < 0) {
            throw new UserError("--warmup must be ≥ 0, got " + warmup);
        }
        if (promptLength + newTokens > config.nPositions()) {
            throw new UserError("--prompt-len + --new-tokens (" + (promptLength + newTokens)
                    + ") exceeds --ctx " + config.nPositions());
        }
        try (Backend backend = backendOptions.open()) {
            Gpt2Model model = Gpt2Model.initialized(config, backend, seed);
            Rng rng = new Rng(seed + 1);
            List<int[]> prompts = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                int[] prompt = new int[promptLength];
                for (int i = 0; i < promptLength; i++) {
                    prompt[i] = rng.nextInt(config.vocabSize());
                }
                prompts.add(prompt);
            }
            // Temperature 1 with no filters and no stop tokens: every row draws exactly newTokens.
            Sampler.Settings settings = new Sampler.Settings(newTokens, 1.0, 0, 1.0, Set.of());
            double median = Bench.medianSeconds(() -> Sampler.generate(model, prompts, settings, rng), warmup, repeats, 0);
            System.out.println("{\"bench\": \"sample\", " + shape.json() + ", \"batch\": " + batch + ", \"prompt_len\": "
                    + promptLength + ", \"new_tokens\": " + newTokens + ", \"backend\": \"" + backend.describe()
                    + "\", \"ms_per_generation\": " + Bench.number(median * 1e3, 1) + ", \"tokens_per_s\": "
                    + Bench.number((double) batch * newTokens / median, 1) + "}");
        }
        return 0;
    }
}
