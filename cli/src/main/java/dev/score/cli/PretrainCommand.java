package dev.score.cli;

import dev.score.engine.io.ModelFamily;
import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.base.BasePretraining;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pretrain}: makes the base model (tokenizer + a small GPT-2 or Llama-family model trained on two-attempt traces). */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a tokenizer and a small GPT on the task's two-attempt traces: the base model that "
                + "SCoRe starts from. Writes config.json, model.safetensors, tokenizer.json and base.json.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--task", defaultValue = Tasks.DEFAULT, description = "chain, math, code or check. "
            + "Default: ${DEFAULT-VALUE}.")
    String taskName;

    @Option(names = "--out", description = "Model directory to write. Default: the cache that train reuses, "
            + ".score-cache/base-TASK-RECIPE (only with the default --steps and --family); otherwise "
            + "runs/base-TASK-FAMILY-STEPS-steps.")
    Path out;

    @Option(names = "--family", defaultValue = ModelFamily.GPT2, description = "gpt2, or a Llama-family base "
            + "of the same size: llama, qwen2 or qwen3 (half as many key/value heads, SwiGLU). Default: "
            + "${DEFAULT-VALUE}.")
    String family;

    @Range(min = 1, max = 1_000_000)
    @Option(names = "--steps", description = "Optimizer steps, 1 to 1000000. Default: 800.")
    Integer steps;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        backendOptions.check();
        if (out != null) {
            OptionPaths.writableDirectory("--out", out);
        }
        if (!Tasks.NAMES.contains(taskName)) {
            throw new UserError("--task " + OptionPaths.shown(taskName) + ": unknown task; expected one of "
                    + Tasks.NAMES);
        }
        Task task = Tasks.named(taskName);
        BaseModelConfig config = BaseModelConfig.defaults();
        if (steps != null) {
            config = config.withSteps(steps);
        }
        if (!ModelFamily.SUPPORTED.contains(family)) {
            throw new UserError("--family " + OptionPaths.shown(family) + ": expected gpt2, llama, qwen2 or qwen3");
        }
        boolean cached = steps == null && family.equals(ModelFamily.GPT2);
        Path dir = out != null ? out : cached ? BaseModelCache.inWorkingDirectory().directory(task, config)
                : Path.of("runs", "base-" + task.name() + (family.equals(ModelFamily.GPT2) ? "" : "-" + family) + "-"
                        + config.steps() + "-steps");
        try (Backend backend = backendOptions.open()) {
            BasePretraining.run(task, config, family, backend, dir);
        }
        System.out.println("wrote the base model to " + dir);
        return 0;
    }
}
