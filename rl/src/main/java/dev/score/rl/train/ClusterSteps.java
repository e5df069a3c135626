package dev.score.rl.train;

import java.util.Map;

/**
 * Training steps run on a cluster (the distributed module's Spark steps, which {@code train --spark} finds
 * through {@link Provider} on the class path): open for a whole job, closed when it ends.
 */
public interface ClusterSteps extends PolicySteps, AutoCloseable {
    /**
     * Where and how: {@code master} as the cluster manager spells it ({@code local[2]}, {@code spark://host:7077}),
     * extra settings for it, the shards each step's batch is cut into (0: one per core the master names), and the
     * backend every worker computes with (the driver's).
     */
    record Spec(String master, Map<String, String> settings, int shards, String backend) {
        public Spec {
            settings = Map.copyOf(settings);
            if (shards < 0) {
                throw new IllegalArgumentException("shards must be ≥ 0 (0 = one per core), got " + shards);
            }
        }
    }

    /** A line for the log: the master, the shards, what the workers run. */
    String description();

    @Override
    void close();

    /** Opens cluster steps; a module that provides them lists its provider as a service. */
    interface Provider {
        ClusterSteps open(Spec spec);
    }
}
