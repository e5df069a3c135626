package dev.score.distributed;

import dev.score.rl.rollout.Rollout;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.io.Serializable;
import java.util.List;

/**
 * One worker's part of a step's update: its rollouts with their weights, and what the whole batch's loss
 * divides by ({@code counted} drawn tokens) and pads every pass to ({@code length}).
 */
record GradientShard(List<Rollout> rollouts, List<AttemptWeights> weights, int counted, int length)
        implements Serializable {
}
