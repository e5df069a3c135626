package dev.score.rl.train;

import dev.score.kernels.Backend;
import dev.score.rl.base.BaseModelConfig;
import dev.score.rl.base.BasePretraining;
import dev.score.rl.math.MathTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A base model and a run config small enough for unit tests: a few seconds, not minutes. */
public final class TinyRun {
    private TinyRun() {
    }

    public static final BaseModelConfig BASE = new BaseModelConfig(300, 1, 32, 2, 256, 4, 3, 1e-3, 1, 0, 0.5, 0.8, 200, 100, 1);

    public static Path baseModel(Backend backend, Path dir) throws IOException {
        BasePretraining.run(new MathTask(), BASE, backend, dir);
        return dir;
    }

    public static ScoreConfig config(List<String> schedule) {
        return config("math", List.of("score"), schedule);
    }

    public static ScoreConfig config(String task, List<String> methods, List<String> schedule) {
        return new ScoreConfig(task, methods, schedule, 10, 0.01, 0.1, 0.01, "rloo", "exact", 2, 2, 1e-3, 1e-3, 1.0,
                1.0, 24, 4, 1, 50, 4, 4, 2, 2, 7, "", "", ScoreConfig.TASK_PROMPT_SUFFIX);
    }
}
