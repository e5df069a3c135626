package dev.score.distributed;

import dev.score.rl.train.ClusterSteps;

/** The service {@code train --spark} finds on the class path. */
public final class SparkStepsProvider implements ClusterSteps.Provider {
    @Override
    public ClusterSteps open(ClusterSteps.Spec spec) {
        return SparkSteps.start(spec);
    }
}
