package dev.score.rl.train;

import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelCache;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.math.MathDatasetTask;
import dev.score.rl.protocol.Protocols;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.Task;
import dev.score.rl.task.Tasks;
import dev.score.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/** The task and the protocol a run's config asks for. */
public final class RunTask {
    private RunTask() {
    }

    /** The built-in task named {@code task}, or, when {@code data} is set, the problems of that file (and of {@code eval_data} as the test split). */
    public static Task of(ScoreConfig config) throws IOException {
        if (!config.hasDataFile()) {
            return Tasks.named(config.task());
        }
        return config.evalData().isEmpty() ? MathDatasetTask.load(Path.of(config.data()))
                : MathDatasetTask.load(Path.of(config.data()), Path.of(config.evalData()));
    }

    /**
     * The cached base model of the config's built-in task, pretrained on first use; a file of problems has no
     * such base (the cache knows only the built-in tasks), so a run on one must name its base model.
     */
    public static Path cachedBase(ScoreConfig config, Task task, BaseModelCache cache, BaseModelConfig baseConfig,
            Backend backend) throws IOException {
        if (config.hasDataFile()) {
            throw new IllegalArgumentException("data: a file of problems needs a base model given with --model (e.g. "
                    + "a downloaded instruct model); the cached base models know only the built-in tasks");
        }
        return cache.ensure(task, baseConfig, backend);
    }

    /** The prompt suffix: the config's, or the task's own unless the config names one. */
    public static String promptSuffix(ScoreConfig config, Task task) {
        return config.promptSuffix().equals(ScoreConfig.TASK_PROMPT_SUFFIX) ? task.promptSuffix()
                : config.promptSuffix();
    }

    /** The protocol of the model in {@code modelDir} for this task, with {@code instruction} between the attempts. */
    public static SelfCorrectionProtocol protocol(ScoreConfig config, Task task, Path modelDir, String instruction)
            throws IOException {
        return Protocols.forModel(modelDir, instruction, promptSuffix(config, task));
    }

    /** The same protocol with another instruction, on a tokenizer already loaded from {@code modelDir}. */
    public static SelfCorrectionProtocol protocol(ScoreConfig config, Task task, Path modelDir, BpeTokenizer tokenizer,
            String instruction) throws IOException {
        return Protocols.forModel(modelDir, tokenizer, instruction, promptSuffix(config, task));
    }
}
