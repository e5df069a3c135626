package dev.score.cli;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.engine.Rng;
import dev.score.engine.Tensor;
import dev.score.engine.Workspace;
import dev.score.engine.io.ModelConfig;
import dev.score.kernels.Backend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench train}: full training steps (zero the gradients, forward, loss, backward, AdamW) of a
 * freshly initialized GPT-2 on random tokens.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time full training steps on random tokens; prints tokens_per_s, ms_per_step (median) "
                + "and peak_rss_mb, gc_ms and gc_share.")
final class BenchTrainCommand implements Callable<Integer> {
    @Mixin
    ModelShapeOptions shape;

    @Range(min = 1, max = 4096)
    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step, 1 to 4096. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Range(min = 1, max = 100_000)
    @Option(names = "--steps", defaultValue = "10", description = "Timed steps, 1 to 100000. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Range(min = 0, max = 100_000)
    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first, 0 to 100000. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        ModelConfig config = shape.config();
        int t = config.nPositions();
        if ((long) batch * t * config.vocabSize() > Integer.MAX_VALUE) {
            throw new UserError("--batch × --ctx × --vocab must stay below 2^31 (the logits are one array)");
        }
        // About sixteen floats per position, width and layer: the activations and their gradients.
        if (16L * batch * t * config.hiddenSize() * config.layers() > Bench.MAX_FLOATS) {
            throw new UserError("--batch × --ctx × --dim × --layers = " + (long) batch * t * config.hiddenSize()
                    * config.layers() + ": the activations of one step must fit " + Bench.MAX_FLOATS / 16
                    + " (4 GB of floats at about 16 per position, width and layer)");
        }
        try (Backend backend = backendOptions.open()) {
            CausalLm model = CausalLms.initialized(config, backend, seed);
            AdamW optimizer = AdamW.forModel(model, 0.9f, 0.95f, 1e-8f, 0.1f);
            Rng rng = new Rng(seed + 1);
            // Inputs are tokens 0..T-1 of a random sequence of T+1, targets tokens 1..T.
            int[] inputs = new int[batch * t];
            int[] targets = new int[batch * t];
            for (int b = 0; b < batch; b++) {
                int previous = rng.nextInt(config.vocabSize());
                for (int i = 0; i < t; i++) {
                    int next = rng.nextInt(config.vocabSize());
                    inputs[b * t + i] = previous;
                    targets[b * t + i] = next;
                    previous = next;
                }
            }
            // Initialization leaves a host copy of every parameter behind as garbage; collect it now so
            // that the training loop reuses that memory and the peak is the loop's own.
            System.gc();
            // Activations and their gradients come from one workspace, reused every step.
            Workspace workspace = new Workspace();
            double median = Bench.medianSeconds(() -> {
                model.zeroGrad();
                try (Workspace.Scope step = workspace.open()) {
                    Tensor loss = model.loss(inputs, targets, batch, t);
                    loss.backward();
                }
                optimizer.step(1e-4f);
            }, warmup, steps, 0);
            System.out.println("{\"bench\": \"train\", " + shape.json() + ", \"batch\": " + batch + ", \"backend\": \""
                    + backend.describe() + "\", \"ms_per_step\": " + Bench.number(median * 1e3, 1)
                    + ", \"tokens_per_s\": " + Bench.number(batch * t / median, 1)
                    + ", " + Bench.memoryFields() + "}");
        }
        return 0;
    }
}
