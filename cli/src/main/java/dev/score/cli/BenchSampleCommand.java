package dev.score.cli;

import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.KvCache;
import dev.score.engine.Rng;
import dev.score.engine.Sampler;
import dev.score.engine.io.ModelConfig;
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
 * step), the shape of an RL rollout, on a freshly initialized model (GPT-2 or the Llama family) and random prompts.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Time batched KV-cache sampling; prints tokens_per_s (new tokens over the median time "
                + "of a whole generation, prefill included), peak_rss_mb, gc_ms and gc_share.")
final class BenchSampleCommand implements Callable<Integer> {
    @Mixin
    ModelShapeOptions shape;

    @Range(min = 1, max = 4_096)
    @Option(names = "--batch", defaultValue = "64", description = "Rows sampled together, 1 to 4096. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--prompt-len", defaultValue = "16", description = "Prompt tokens per row, 1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int promptLength;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--new-tokens", defaultValue = "64", description = "New tokens per row, 1 to 1048576. Default: ${DEFAULT-VALUE}.")
    int newTokens;

    @Range(min = 1, max = 10_000)
    @Option(names = "--repeats", defaultValue = "3", description = "Timed generations, 1 to 10000. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Range(min = 0, max = 10_000)
    @Option(names = "--warmup", defaultValue = "2", description = "Untimed generations first, 0 to 10000. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        ModelConfig config = shape.config();
        if ((long) promptLength + newTokens > config.nPositions()) {
            throw new UserError("--prompt-len + --new-tokens (" + (promptLength + newTokens)
                    + ") exceeds --ctx " + config.nPositions());
        }
        // The KV cache holds a key and a value per row, position (prompt and new tokens), cached width and layer.
        long cacheFloats = 2L * batch * (promptLength + newTokens) * config.cachedWidth() * config.layers();
        if (cacheFloats > Bench.MAX_FLOATS) {
            throw new UserError("--batch × (--prompt-len + --new-tokens) × key/value width × --layers: a KV cache of "
                    + cacheFloats + " floats; at most " + Bench.MAX_FLOATS + " (4 GB)");
        }
        try (Backend backend = backendOptions.open()) {
            CausalLm model = CausalLms.initialized(config, backend, seed);
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
            // One cache for every generation, as a sampler keeps one across RL steps: made by the first, then reused.
            KvCache[] cache = new KvCache[1];
            double median = Bench.medianSeconds(() -> {
                cache[0] = model.newCache(batch, promptLength + newTokens, cache[0]);
                Sampler.generate(model, cache[0], prompts, settings, rng);
            }, warmup, repeats, 0);
            System.out.println("{\"bench\": \"sample\", " + shape.json() + ", \"batch\": " + batch + ", \"prompt_len\": "
                    + promptLength + ", \"new_tokens\": " + newTokens + ", \"backend\": \"" + backend.describe()
                    + "\", \"ms_per_generation\": " + Bench.number(median * 1e3, 1) + ", \"tokens_per_s\": "
                    + Bench.number((double) batch * newTokens / median, 1) + ", " + Bench.memoryFields() + "}");
        }
        return 0;
    }
}
