package dev.score.rl.base;

import dev.score.kernels.Backend;
import dev.score.rl.task.Task;
import dev.score.rl.util.DirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base models kept between runs under {@code .score-cache/}, one directory per task and recipe, so
 * {@code train} pretrains only the first time. A directory counts only once {@code base.json}, written last,
 * is there: an interrupted pretraining is redone, never reused half-made. While one process pretrains a
 * model it holds {@code base-TASK-RECIPE.lock} beside it.
 */
public final class BaseModelCache {
    private final Path root;

    public BaseModelCache(Path root) {
        this.root = root;
    }

    public static BaseModelCache inWorkingDirectory() {
        return new BaseModelCache(Path.of(".score-cache"));
    }

    /**
     * The base model directory for {@code task} and {@code config}, pretraining it first if needed. Two
     * runs started at once do not both pretrain it: the second waits for the first's lock, then reuses it.
     */
    public Path ensure(Task task, BaseModelConfig config, Backend backend) throws IOException {
        Path dir = directory(task, config);
        if (!holdsModel(dir)) {
            try (DirectoryLock lock = DirectoryLock.await(root.resolve(dir.getFileName() + ".lock"),
                    "the base model " + dir)) {
                if (!holdsModel(dir)) {
                    System.err.println("base model: pretraining into " + dir + " (once; later runs reuse it)");
                    BasePretraining.run(task, config, backend, dir);
                    return dir;
                }
            }
        }
        System.err.println("base model: reusing " + dir);
        return dir;
    }

    /**
     * Where the base model of {@code task} made by {@code config} is kept: the name holds a hash of the recipe
     * and of the task's traces ({@link BaseTraces#fingerprint}), so a change to either (a new release's task, a
     * different revision rate) pretrains a new model instead of reusing one made from other traces.
     */
    public Path directory(Task task, BaseModelConfig config) {
        int recipe = (config.toString() + "|" + BaseTraces.fingerprint(task, config)).hashCode();
        return root.resolve("base-" + task.name() + "-" + Integer.toHexString(recipe));
    }

    /** Whether {@code dir} holds a finished base model ({@code base.json} is written last). */
    public static boolean holdsModel(Path dir) {
        return Files.isRegularFile(dir.resolve(BasePretraining.RECIPE_FILE))
                && Files.isRegularFile(dir.resolve("config.json"));
    }
}
