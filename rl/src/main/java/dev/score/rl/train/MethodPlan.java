package dev.score.rl.train;

/**
 * How one method of a job trains: the config it trains with (the job's, or the job's with a value a sweep
 * chose) and the directory its training files go to (the job's {@code METHOD/}, or the sweep's run of the
 * chosen value, which the job then evaluates without training again).
 */
public record MethodPlan(ScoreConfig config, RunDirectory dir) {
}
