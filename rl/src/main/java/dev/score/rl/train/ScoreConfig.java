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
 * and then both drift (KL to the base 0.2–0.3 nats per token). The test split draws 2000 problems and
 * validation 500: on the default task ({@code chain}) every length has far more distinct problems than
 * that, so both splits hold the lengths in the same shares; on {@code math} and {@code code} the small
 * levels run out of distinct problems, so there validation holds the test split's mix only when both draw
 * as many (set {@code validation_problems} to {@code test_problems}).
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
        @JsonProperty("seed") long seed,
        @JsonProperty("data") String data,
        @JsonProperty("eval_data") String evalData,
        @JsonProperty("prompt_suffix") String promptSuffix) {

    /** {@code prompt_suffix}'s default: the task's own suffix (none for the built-in tasks). */
    public static final String TASK_PROMPT_SUFFIX = "default";

    public static ScoreConfig defaults() {
        return new ScoreConfig(Tasks.DEFAULT, List.of("score"), List.of("I:150", "II:150"), 10, 0.01, 0.1, 0.01,
                "same_first_reward", "exact", 4, 8, 1e-4, 3e-5, 1.0, 1.0, 64, 256, 3, 5000, 500, 2000, 25, 25, 1, "", "",
                TASK_PROMPT_SUFFIX);
    }

    /** Problems a split may draw: each is held in memory with its attempts, and 100 000 take hours to evaluate. */
    public static final int MAX_PROBLEMS = 100_000;
    /** Rollouts of one RL step (problems × samples), sampled in one batch on one KV cache. */
    public static final int MAX_ROLLOUTS_PER_STEP = 4096;
    /** Steps of one schedule phase, and of the whole schedule. */
    public static final int MAX_STEPS = 1_000_000;

    /**
     * Checks every value against its range: {@code samples_per_problem} 2–64; {@code problems_per_step}
     * 1–1024 (and at most {@value #MAX_ROLLOUTS_PER_STEP} rollouts per step); {@code max_attempt_tokens}
     * 1–4096; {@code sft_problems}, {@code train_problems}, {@code validation_problems} and
     * {@code test_problems} 1–{@value #MAX_PROBLEMS}; {@code star_rounds} 1–100; {@code eval_every} and
     * {@code checkpoint_every} 1–{@value #MAX_STEPS}; {@code learning_rate} and
     * {@code stage_two_learning_rate} in (0, 1]; {@code clip_norm} in (0, 10^6]; {@code temperature} in
     * (0, 100]; {@code alpha}, {@code beta1}, {@code beta2} and {@code stage_two_beta_t1} in [0, 1000]; every
     * schedule phase 1–{@value #MAX_STEPS} steps, and at most {@value #MAX_STEPS} in all. Each error names
     * the key.
     */
    public ScoreConfig {
        if (task == null || methods == null || schedule == null || attempt2Baseline == null || klEstimator == null
                || data == null || evalData == null || promptSuffix == null) {
            throw new IllegalArgumentException("task, methods, schedule, attempt2_baseline, kl_estimator, data, "
                    + "eval_data and prompt_suffix must all be given");
        }
        if (data.isEmpty() && !evalData.isEmpty()) {
            throw new IllegalArgumentException("eval_data is set but data is not: the test file goes with a "
                    + "training file");
        }
        schedule = List.copyOf(schedule);
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("methods is empty; expected e.g. [\"score\"]");
        }
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("schedule is empty; expected stages like [\"I:60\", \"II:120\"]");
        }
        long scheduledSteps = 0;
        for (String entry : schedule) {
            scheduledSteps += parseStage(entry).steps();
        }
        within("schedule (its total steps)", scheduledSteps, 1, MAX_STEPS);
        if (!Tasks.NAMES.contains(task)) {
            throw new IllegalArgumentException("unknown task '" + task + "'; expected one of " + Tasks.NAMES);
        }
        methods.forEach(Method::parse);
        KlEstimator.parse(klEstimator);
        Attempt2Baseline.parse(attempt2Baseline);
        within("samples_per_problem", samplesPerProblem, 2, 64);
        within("problems_per_step", problemsPerStep, 1, 1024);
        if ((long) samplesPerProblem * problemsPerStep > MAX_ROLLOUTS_PER_STEP) {
            throw new IllegalArgumentException("samples_per_problem × problems_per_step = "
                    + (long) samplesPerProblem * problemsPerStep + " rollouts per step; at most "
                    + MAX_ROLLOUTS_PER_STEP + " are sampled in one batch");
        }
        within("max_attempt_tokens", maxAttemptTokens, 1, 4096);
        problemCount("sft_problems", sftProblems);
        within("star_rounds", starRounds, 1, 100);
        problemCount("train_problems", trainProblems);
        problemCount("validation_problems", validationProblems);
        problemCount("test_problems", testProblems);
        within("eval_every", evalEvery, 1, MAX_STEPS);
        within("checkpoint_every", checkpointEvery, 1, MAX_STEPS);
        positiveAtMost("learning_rate", learningRate, 1);
        positiveAtMost("stage_two_learning_rate", stageTwoLearningRate, 1);
        positiveAtMost("clip_norm", clipNorm, 1e6);
        positiveAtMost("temperature", temperature, 100);
        weight("alpha", alpha);
        weight("beta1", beta1);
        weight("beta2", beta2);
        weight("stage_two_beta_t1", stageTwoBetaT1);
    }

    /** The stage name ({@code I} or {@code II}) and its step count of one schedule entry. */
    public record Phase(String stage, int steps) {
    }

    /** This config with another schedule (STaR in Stage II keeps only the Stage I phases for RL). */
    public ScoreConfig withSchedule(List<String> newSchedule) {
        return new ScoreConfig(task, methods, newSchedule, alpha, beta1, beta2, stageTwoBetaT1, attempt2Baseline,
                klEstimator, samplesPerProblem, problemsPerStep, learningRate, stageTwoLearningRate, clipNorm,
                temperature, maxAttemptTokens, sftProblems, starRounds, trainProblems, validationProblems, testProblems,
                evalEvery, checkpointEvery, seed, data, evalData, promptSuffix);
    }

    /** Whether the problems come from a MATH-format file ({@code data}) rather than a built-in task. */
    public boolean hasDataFile() {
        return !data.isEmpty();
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
        String[] parts = entry.split(":", -1);
        if (parts.length != 2 || !(parts[0].equals("I") || parts[0].equals("II"))) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': expected I:STEPS or II:STEPS");
        }
        if (!parts[1].matches("[0-9]{1,7}")) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': steps must be a whole number from 1 to "
                    + MAX_STEPS);
        }
        int steps = Integer.parseInt(parts[1]);
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("schedule entry '" + entry + "': steps must be from 1 to " + MAX_STEPS);
        }
        return new Phase(parts[0], steps);
    }

    private static void within(String name, long value, long minimum, long maximum) {
        if (value < minimum || value > maximum) {
            throw new IllegalArgumentException(name + " must be from " + minimum + " to " + maximum + ", got " + value);
        }
    }

    private static void problemCount(String name, int value) {
        if (value < 1 || value > MAX_PROBLEMS) {
            throw new IllegalArgumentException(name + " must be from 1 to " + MAX_PROBLEMS + " (the problems are held in "
                    + "memory, with their attempts), got " + value);
        }
    }

    private static void positiveAtMost(String name, double value, double maximum) {
        if (!(value > 0 && value <= maximum)) {
            throw new IllegalArgumentException(name + " must be > 0 and ≤ " + maximum + ", got " + value);
        }
    }

    /** A loss weight: finite, not negative, and small enough that the loss stays a finite float. */
    private static void weight(String name, double value) {
        if (!(value >= 0 && value <= 1000)) {
            throw new IllegalArgumentException(name + " must be from 0 to 1000, got " + value);
        }
    }
}
