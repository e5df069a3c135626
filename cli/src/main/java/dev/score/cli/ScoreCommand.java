package dev.score.cli;

import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.GradMode;
import dev.score.kernels.Backend;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code score}: the mean next-token cross-entropy of a model over sequences of token ids. A sequence
 * of L tokens contributes its L−1 predictions; sequences are scored in right-padded batches whose
 * padding is ignored (causal attention keeps it from touching the real positions).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Mean next-token cross-entropy (nats) of a model over token-id sequences; prints {\"loss\": L, \"tokens\": N}.")
final class ScoreCommand implements Callable<Integer> {
    private static final int BATCH = 8;

    @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
    Path model;

    @Option(names = "--ids", required = true, description = "File of token ids, whitespace-separated, one sequence per line.")
    Path ids;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        OptionPaths.modelDirectory("--model", model);
        try (Backend backend = backendOptions.open()) {
            CausalLm gpt = CausalLms.load(model, backend);
            List<int[]> sequences = TokenIds.readFile(ids, gpt.config().vocabSize(), gpt.config().nPositions());
            double totalLoss = 0;
            long predicted = 0;
            try (GradMode.Scope off = GradMode.disabled()) {
                for (int start = 0; start < sequences.size(); start += BATCH) {
                    List<int[]> chunk = sequences.subList(start, Math.min(sequences.size(), start + BATCH));
                    int t = chunk.stream().mapToInt(s -> s.length).max().orElse(0) - 1;
                    int count = chunk.stream().mapToInt(s -> Math.max(0, s.length - 1)).sum();
                    if (count == 0) {
                        continue;
                    }
                    int[] inputs = new int[chunk.size() * t];
                    int[] targets = new int[chunk.size() * t];
                    Arrays.fill(targets, -1);
                    for (int b = 0; b < chunk.size(); b++) {
                        int[] s = chunk.get(b);
                        for (int i = 0; i + 1 < s.length; i++) {
                            inputs[b * t + i] = s[i];
                            targets[b * t + i] = s[i + 1];
                        }
                    }
                    totalLoss += (double) gpt.loss(inputs, targets, chunk.size(), t).item() * count;
                    predicted += count;
                }
            }
            if (predicted == 0) {
                throw new UserError(ids + ": no sequence has two or more tokens, so there is nothing to predict");
            }
            double loss = totalLoss / predicted;
            // Loading refuses non-finite weights, but finite ones can still overflow float32 on the way to
            // the logits; NaN is not a JSON number, and not a loss either.
            if (!Double.isFinite(loss)) {
                throw new UserError(model + ": the loss over " + ids + " is not finite (" + loss
                        + "): the model's activations overflow float32");
            }
            System.out.println(String.format(Locale.ROOT, "{\"loss\": %.8f, \"tokens\": %d}", loss, predicted));
        }
        return 0;
    }
}
