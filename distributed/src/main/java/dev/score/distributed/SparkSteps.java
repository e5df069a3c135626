package dev.score.distributed;

import dev.score.engine.CausalLm;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.train.ClusterSteps;
import dev.score.rl.train.PolicyGradientStep;
import dev.score.rl.train.PolicyStep;
import dev.score.rl.train.ScoreConfig;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code train --spark MASTER}: one Spark application for the whole job, whose every RL step runs on its
 * executors ({@link SparkPolicyStep}); validation, checkpoints, metrics and the report stay on the driver.
 */
final class SparkSteps implements ClusterSteps {
    private final JavaSparkContext spark;
    private final int shards;
    private final String backend;

    private SparkSteps(JavaSparkContext spark, int shards, String backend) {
        this.spark = spark;
        this.shards = shards;
        this.backend = backend;
    }

    /** Starts the Spark application {@code spec} describes (see {@link SparkSettings}). */
    static SparkSteps start(Spec spec) {
        SparkConf conf = SparkSettings.conf(spec);
        JavaSparkContext spark = new JavaSparkContext(conf);
        try {
            SparkSettings.shipJars(spark);
            int shards = spec.shards() > 0 ? spec.shards() : spark.defaultParallelism();
            return new SparkSteps(spark, shards, spec.backend());
        } catch (RuntimeException e) {
            spark.close();
            throw e;
        }
    }

    @Override
    public PolicyStep open(ScoreConfig config, RolloutSampler sampler, PolicyGradientStep update,
            CausalLm reference) {
        RunSetup setup = new RunSetup(UUID.randomUUID().toString(), ModelFiles.of(reference), sampler.drawSettings(),
                config.temperature(), config.klEstimator(), config.clipNorm(), backend);
        return new SparkPolicyStep(spark, shards, config.samplesPerProblem(), sampler, update,
                spark.broadcast(setup));
    }

    @Override
    public String description() {
        return "Spark " + spark.version() + " at " + spark.master() + " (application " + spark.sc().applicationId()
                + "), each step's batch in " + shards + " shards, workers on the " + backend + " backend";
    }

    @Override
    public void close() {
        spark.close();
    }
}
