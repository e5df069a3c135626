package dev.score.rl.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.score.rl.task.Tasks;
import java.util.List;

/**
 * Every hyperparameter of a SCoRe run. Defaults follow SCORE.md (α = 10, β1 = 0.01, β2 = 0.1, samples at
 * temperature 1, greedy evaluation) with the learning rate, batch and step counts scaled to our model and
 * a 2-core budget. {@code methods} are the RL methods to run, each from the same base model (see
 * {@link Method}). {@code schedule} lists the stages in order as {@code STAGE:STEPS} with STAGE {@code I}
 * or {@code II} (for example {@code ["I:150", "II:150"]}, or {@code ["I:30", "II:60", "I:30", "II:60"]}).
 * Stage II steps at a third of Stage I's rate: at 1e-4 it pulls attempt 1 up to attempt 2 within 25 steps
 * and then both drift (KL to the base 0.2–0.3 nats per token). Validation draws as many problems as the test
 * split, so both hold the levels in the same shares (the small levels run out of distinct problems).
 */
public record ScoreConfig(
        @JsonProperty("task") String task,
        @JsonProperty("methods") List<String> methods,
        @JsonProperty("schedule") List<String> schedule,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("stage_two_beta_t1") double stageTwoBetaT1,
        @JsonProperty("attempt2_baseline") String attempt2Baseline,
        @JsonProperty("kl_estimator") String klEstimator,
        @JsonProperty("samples_per_problem") int samplesPerProblem,
        @JsonProperty("problems_per_step") int problemsPerStep,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("stage_two_learning_rate") double stageTwoLearningRate,
        @JsonProperty("clip_norm") double clipNorm,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("max_attempt_tokens") int maxAttemptTokens,
        @JsonProperty("sft_problems") int sftProblems,
        @JsonProperty("star_rounds") int starRounds,
        @JsonProperty("train_problems") int trainProblems,
        @JsonProperty("validation_problems") int validationProblems,
        @JsonProperty("test_problems") int testProblems,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("checkpoint_every") int checkpointEvery,
        @JsonProperty("seed") long seed) {

    public static ScoreConfig defaults() {
        return new ScoreConfig("math", List.of("score"), List.of("I:150", "II:150"), 10, 0.01, 0.1, 0.01,
                "same_first_reward", "exact", 4, 8, 1e-4, 3e-5, 1.0, 1.0, 64, 256, 3, 5000, 500, 500, 25, 25, 1);
    }

    public ScoreConfig {
        schedule = List.copyOf(schedule);
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods is empty; expected e.g. [\"score\"]");
        }
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("schedule is empty; expected stages like [\"I:60\", \"II:120\"]");
        }
        schedule.forEach(ScoreConfig::parseStage);
        if (!Tasks.NAMES.contains(task)) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + Tasks.NAMES);
        }
        methods.forEach(Method::parse);
        KlEstimator.parse(klEstimator);
        Attempt2Baseline.parse(attempt2Baseline);
        atLeast("samples_per_problem", samplesPerProblem, 2);
        atLeast("problems_per_step", problemsPerStep, 1);
        atLeast("max_attempt_tokens", maxAttemptTokens, 1);
        atLeast("sft_problems", sftProblems, 1);
        atLeast("star_rounds", starRounds, 1);
        atLeast("train_problems", trainProblems, 1);
        atLeast("validation_problems", validationProblems, 1);
        atLeast("test_problems", testProblems, 1);
        atLeast("eval_every", evalEvery, 1);
        atLeast("checkpoint_every", checkpointEvery, 1);
        if (!(learningRate > 0) || !(stageTwoLearningRate > 0) || !(clipNorm > 0) || !(temperature > 0)) {
            throw new IllegalArgumentException(
                    "learning_rate, stage_two_learning_rate, clip_norm and temperature must be > 0");
        }
        if (alpha < 0 || beta1 < 0 || beta2 < 0 || stageTwoBetaT1 < 0) {
            throw new IllegalArgumentException("alpha, beta1, beta2 and stage_two_beta_t1 must be ≥ 0");
        }
    }

    /** The stage name ({@code I} or {@code II}) and its step count of one schedule entry. */
    public record Phase(String stage, int steps) {
    }

    /** This config with another schedule (STaR in Stage II keeps only the Stage I phases for RL). */
    public ScoreConfig withSchedule(List<String> newSchedule) {
        return new ScoreConfig(task, methods, newSchedule, alpha, beta1, beta2, stageTwoBetaT1, attempt2Baseline,
                klEstimator, samplesPerProblem, problemsPerStep, learningRate, stageTwoLearningRate, clipNorm,
                temperature, maxAttemptTokens, sftProblems, starRounds, trainProblems, validationProblems, testProblems,
                evalEvery, checkpointEvery, seed);
    }

    /** The AdamW learning rate of a phase of stage {@code stage}: Stage II has its own. */
    public double learningRate(String stage) {
        return stage.equals("II") ? stageTwoLearningRate : learningRate;
    }

    public List<Phase> phases() {
        return schedule.stream().map(ScoreConfig::parseStage).toList();
    }

    public int totalSteps() {
        return phases().stream().mapToInt(Phase::steps).sum();
    }

    private static Phase parseStage(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 2 || !(parts[0].equals("I") || parts[0].equals("II"))) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': expected I:STEPS or II:STEPS");
        }
        int steps;
        try {
            steps = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': steps must be a whole number");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': steps must be ≥ 0");
        }
        return new Phase(parts[0], steps);
    }

    private static void atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be ≥ " + minimum + ", got " + value);
        }
    }
}
