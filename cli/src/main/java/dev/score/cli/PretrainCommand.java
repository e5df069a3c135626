package dev.score.cli;

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

/** {@code pretrain}: makes the base model (tokenizer + small GPT trained on two-attempt traces). */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a tokenizer and a small GPT on the task's two-attempt traces: the base model that "
                + "SCoRe starts from. Writes config.json, model.safetensors, tokenizer.json and base.json.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--task", defaultValue = Tasks.DEFAULT, description = "chain, math, code or check. "
            + "Default: ${DEFAULT-VALUE}.")
    String taskName;

    @Option(names = "--out", description = "Model directory to write. Default: the cache that train reuses, "
            + ".score-cache/base-TASK-RECIPE (only with the default --steps).")
    Path out;

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
        Path dir = out != null ? out : steps == null ? BaseModelCache.inWorkingDirectory().directory(task, config)
                : Path.of("runs", "base-" + task.name() + "-" + config.steps() + "-steps");
        try (Backend backend = backendOptions.open()) {
            BasePretraining.run(task, config, backend, dir);
        }
        System.out.println("wrote the base model to " + dir);
        return 0;
    }
}
