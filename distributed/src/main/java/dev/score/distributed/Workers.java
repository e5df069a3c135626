package dev.score.distributed;

import dev.score.engine.Tensor;
import dev.score.rl.rollout.TwoAttempts;
import dev.score.rl.train.PolicyGradientStep;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.spark.TaskContext;

/**
 * The executor side of a Spark step: each task borrows a {@link WorkerModels} of its run from this JVM's pool
 * (building one on first use, from the broadcast setup), loads the step's weights into its policy, does its
 * shard and gives the models back. Tasks that run at once (two cores of one executor, or {@code local[2]})
 * each hold their own. A task that fails does not give its models back, so no half-done state is reused; a
 * retried task starts from the same weights and shard and returns the same result.
 */
final class Workers {
    /** Free models of the newest run this JVM has seen; those of an older run are let go when a new one starts. */
    private static final ConcurrentLinkedQueue<WorkerModels> FREE = new ConcurrentLinkedQueue<>();

    private Workers() {
    }

    /** Draws both attempts of the shard's rows with the step's policy. */
    static List<TwoAttempts> draw(RunSetup setup, Map<String, float[]> weights, DrawShard shard) {
        return with(setup, weights, models -> models.draws.draw(models.policy, shard.firstPrompts(),
                setup.temperature(), shard.streams(), shard.firstRow()));
    }

    /** The gradient of the shard's share of the step's loss, with its sums. */
    static GradientShare gradient(RunSetup setup, Map<String, float[]> weights, GradientShard shard) {
        return with(setup, weights, models -> {
            models.policy.zeroGrad();
            PolicyGradientStep.Share share = models.update.accumulate(models.policy, models.reference,
                    shard.rollouts(), shard.weights(), shard.counted(), shard.length());
            float[][] gradients = models.policy.parameters().values().stream().map(Tensor::gradToArray)
                    .toArray(float[][]::new);
            return new GradientShare(gradients, share);
        });
    }

    private static <T> T with(RunSetup setup, Map<String, float[]> weights, Function<WorkerModels, T> work) {
        WorkerModels models = borrow(setup);
        models.load(weights);
        T result = work.apply(models);
        FREE.add(models);
        return result;
    }

    private static WorkerModels borrow(RunSetup setup) {
        WorkerModels models;
        while ((models = FREE.poll()) != null) {
            if (models.run.equals(setup.id())) {
                return models;
            }
        }
        TaskContext task = TaskContext.get();
        return WorkerModels.build(setup, task == null ? 1 : Math.max(1, task.cpus()));
    }
}
