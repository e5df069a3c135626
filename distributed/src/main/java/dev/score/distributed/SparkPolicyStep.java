package dev.score.distributed;

import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.Tensor;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.rollout.TwoAttempts;
import dev.score.rl.task.Problem;
import dev.score.rl.train.PolicyGradientStep;
import dev.score.rl.train.PolicyStep;
import dev.score.rl.train.StageObjective;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One run's steps on Spark. Each step broadcasts the policy's weights and runs two jobs over the batch cut into
 * {@link Shards}: the workers draw their rows' attempts (row {@code r} from {@code Rng.stream(streams, r)}, as in
 * one process), the driver turns them into rollouts and weighs them, then the workers compute their shards'
 * gradients with the whole batch's token count and padded length. The driver sums the gradients in shard order
 * (not with {@code treeAggregate}, whose merges follow the order tasks finish in, which float sums would show),
 * clips and takes the AdamW step. A job's result holds one value per partition, whichever attempt of a retried
 * task gave it, so a lost executor's work is neither lost nor counted twice.
 */
final class SparkPolicyStep implements PolicyStep {
    private final JavaSparkContext spark;
    private final int shards;
    private final int k;
    private final RolloutSampler sampler;
    private final PolicyGradientStep update;
    private final Broadcast<RunSetup> setup;

    SparkPolicyStep(JavaSparkContext spark, int shards, int k, RolloutSampler sampler, PolicyGradientStep update,
            Broadcast<RunSetup> setup) {
        this.spark = spark;
        this.shards = shards;
        this.k = k;
        this.sampler = sampler;
        this.update = update;
        this.setup = setup;
    }

    @Override
    public Outcome take(CausalLm policy, AdamW optimizer, float learningRate, List<Problem> batch, long streams,
            StageObjective objective) {
        List<Shards.Range> ranges = Shards.of(batch.size(), shards);
        Broadcast<LinkedHashMap<String, float[]>> weights = spark.broadcast(policy.parameterValues());
        try {
            return step(policy, optimizer, learningRate, batch, streams, objective, ranges, weights);
        } catch (SparkException e) {
            // A task that failed every retry: Spark's message carries the executor's exception on its first line.
            throw new IllegalStateException("a Spark step failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    e);
        } finally {
            weights.destroy();
        }
    }

    /** The step on the shards {@code ranges}, with the policy's weights broadcast as {@code weights}. */
    private Outcome step(CausalLm policy, AdamW optimizer, float learningRate, List<Problem> batch, long streams,
            StageObjective objective, List<Shards.Range> ranges, Broadcast<LinkedHashMap<String, float[]>> weights)
            throws SparkException {
        List<Rollout> rollouts = sample(batch, streams, ranges, weights);
        List<AttemptWeights> attemptWeights = objective.weigh(rollouts, k);
        int counted = PolicyGradientStep.drawnTokens(rollouts);
        if (counted == 0) {
            throw new IllegalStateException("no drawn tokens in the batch");
        }
        int length = PolicyGradientStep.paddedLength(rollouts, policy);
        List<GradientShard> parts = new ArrayList<>(ranges.size());
        for (Shards.Range range : ranges) {
            parts.add(new GradientShard(new ArrayList<>(rollouts.subList(range.from() * k, range.to() * k)),
                    new ArrayList<>(attemptWeights.subList(range.from() * k, range.to() * k)), counted, length));
        }
        Broadcast<RunSetup> run = setup;
        List<GradientShare> shares = spark.parallelize(parts, parts.size())
                .map(part -> Workers.gradient(run.value(), weights.value(), part)).collect();
        PolicyGradientStep.Share total = sum(policy, shares);
        return new Outcome(rollouts, update.finish(policy, optimizer, learningRate, total, counted));
    }

    /** The batch's rollouts, each shard's rows drawn by a worker and assembled here. */
    private List<Rollout> sample(List<Problem> batch, long streams, List<Shards.Range> ranges,
            Broadcast<LinkedHashMap<String, float[]>> weights) {
        List<DrawShard> parts = new ArrayList<>(ranges.size());
        for (Shards.Range range : ranges) {
            parts.add(new DrawShard(new ArrayList<>(sampler.firstPrompts(batch.subList(range.from(), range.to()), k)),
                    streams, range.from() * k));
        }
        Broadcast<RunSetup> run = setup;
        List<List<TwoAttempts>> drawn = spark.parallelize(parts, parts.size())
                .map(part -> Workers.draw(run.value(), weights.value(), part)).collect();
        List<TwoAttempts> rows = new ArrayList<>(batch.size() * k);
        drawn.forEach(rows::addAll);
        return sampler.rollouts(batch, k, rows);
    }

    /** Sets the policy's gradients to the shares' sum, added in shard order, and returns their summed statistics. */
    private static PolicyGradientStep.Share sum(CausalLm policy, List<GradientShare> shares) {
        List<Tensor> parameters = new ArrayList<>(policy.parameters().values());
        for (int p = 0; p < parameters.size(); p++) {
            float[] total = shares.get(0).gradients()[p].clone();
            for (GradientShare share : shares.subList(1, shares.size())) {
                float[] part = share.gradients()[p];
                for (int i = 0; i < total.length; i++) {
                    total[i] += part[i];
                }
            }
            parameters.get(p).setGrad(total);
        }
        PolicyGradientStep.Share total = shares.get(0).share();
        for (GradientShare share : shares.subList(1, shares.size())) {
            total = total.plus(share.share());
        }
        return total;
    }

    @Override
    public void close() {
        setup.destroy();
    }
}
