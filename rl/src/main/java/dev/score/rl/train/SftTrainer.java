package dev.score.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.AdamW;
import dev.score.engine.CausalLm;
import dev.score.engine.Rng;
import dev.score.engine.TrainingDivergedException;
import dev.score.rl.eval.SelfCorrectionMetrics;
import dev.score.rl.protocol.Conversation;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.util.ProgressBar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The supervised baselines of the paper, built from the model's own samples:
 * <ul>
 *   <li>STaR: sample two-attempt traces, keep those whose attempt 2 is right after a wrong attempt 1
 *       ({@code D}), or every trace whose attempt 2 is right ({@code D+}, correct→correct too), fine-tune
 *       on both attempts, and repeat for {@code rounds} rounds.</li>
 *   <li>Pair-SFT: for each problem pair a wrong sampled attempt with a right one sampled for the same
 *       problem and fine-tune attempt 2 on "wrong y1, instruction, right y2" (one round).</li>
 * </ul>
 * Each round samples {@code sftProblems} training problems ({@code k} samples each, temperature 1) and
 * takes one pass over what it kept in batches of {@code problems_per_step · samples_per_problem}. After each
 * round a greedy validation (as the RL trainer's) keeps the round with the best Accuracy@t2 in {@code best/},
 * and one line per round goes to {@code metrics.jsonl} ({@code step} the round's index from 0, its
 * {@code kept} traces, last {@code loss} (null when it kept none), {@code val_acc_t1} and {@code val_acc_t2}). A run started again
 * (on {@code --resume}) trains from the first round: a round is minutes, and the draws repeat exactly.
 */
public final class SftTrainer {
    /** Which traces a round keeps. */
    public enum Filter { STAR_D, STAR_D_PLUS, PAIRS }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScoreConfig config;
    private final Task task;
    private final SelfCorrectionProtocol protocol;
    private final RunDirectory run;
    private final SftStep update;

    public SftTrainer(ScoreConfig config, Task task, SelfCorrectionProtocol protocol, RunDirectory run) {
        this.config = config;
        this.task = task;
        this.protocol = protocol;
        this.run = run;
        this.update = new SftStep(config.clipNorm());
    }

    /**
     * Fine-tunes {@code policy} in place for {@code rounds} rounds of sampling and filtering; returns the
     * round's policy with the best validation Accuracy@t2, and that accuracy.
     */
    public TrainedPolicy train(CausalLm policy, Filter filter, int rounds, String label) throws IOException {
        List<Problem> trainProblems = task.problems(Split.TRAIN, config.trainProblems(), config.seed());
        AdamW optimizer = AdamW.forModel(policy, 0.9f, 0.999f, 1e-8f, 0f);
        RolloutSampler sampler = new RolloutSampler(protocol, task.verifier(), config.maxAttemptTokens());
        Rng rng = new Rng(config.seed());
        int k = config.samplesPerProblem();
        int batchRows = config.problemsPerStep() * k;
        int perRound = config.sftProblems();
        GreedyValidation validation = new GreedyValidation(config, task, protocol, policy, run.best(), -1);
        run.truncateStepsFrom(0);
        try (ProgressBar progress = new ProgressBar(label, (long) rounds * perRound)) {
            for (int round = 0; round < rounds; round++) {
                List<Conversation> kept = new ArrayList<>();
                for (int done = 0; done < perRound; done += config.problemsPerStep()) {
                    List<Problem> batch = new ArrayList<>();
                    for (int i = 0; i < config.problemsPerStep(); i++) {
                        batch.add(trainProblems.get(rng.nextInt(trainProblems.size())));
                    }
                    List<Rollout> rollouts = sampler.sample(policy, batch, k, config.temperature(), rng);
                    kept.addAll(filter == Filter.PAIRS ? pairs(rollouts, k) : traces(rollouts, filter));
                    progress.advance(config.problemsPerStep());
                }
                double loss = Double.NaN;
                for (int from = 0; from < kept.size(); from += batchRows) {
                    try {
                        loss = update.apply(policy, optimizer, (float) config.learningRate(),
                                kept.subList(from, Math.min(kept.size(), from + batchRows)), filter != Filter.PAIRS);
                    } catch (TrainingDivergedException e) {
                        throw new TrainingDivergedException(label + ", round " + (round + 1) + ": " + e.getMessage(),
                                e);
                    }
                }
                SelfCorrectionMetrics val = validation.measure(policy);
                ObjectNode line = JSON.createObjectNode().put("step", round).put("round", round + 1)
                        .put("kept", kept.size());
                if (kept.isEmpty()) {
                    line.putNull("loss");
                } else {
                    line.put("loss", loss);
                }
                run.appendStep(JSON.writeValueAsString(line.put("val_acc_t1", val.accT1())
                        .put("val_acc_t2", val.accT2())));
                progress.status(String.format(Locale.ROOT, "round %d kept %d loss %.3f val t1 %.3f t2 %.3f", round + 1,
                        kept.size(), loss, val.accT1(), val.accT2()));
            }
        }
        return new TrainedPolicy(run.best(), policy.backend(), validation.bestAccT2());
    }

    static List<Conversation> traces(List<Rollout> rollouts, Filter filter) {
        return rollouts.stream()
                .filter(r -> r.reward2() == 1 && (filter == Filter.STAR_D_PLUS || r.reward1() == 0))
                .map(Rollout::conversation).toList();
    }

    /** Within each problem's group: a wrong attempt (either turn) paired with a right one. */
    List<Conversation> pairs(List<Rollout> rollouts, int k) {
        List<Conversation> out = new ArrayList<>();
        for (int group = 0; group < rollouts.size(); group += k) {
            String wrong = null;
            String right = null;
            for (Rollout r : rollouts.subList(group, group + k)) {
                wrong = wrong != null ? wrong : r.reward1() == 0 ? r.attempt1() : r.reward2() == 0 ? r.attempt2() : null;
                right = right != null ? right : r.reward1() == 1 ? r.attempt1() : r.reward2() == 1 ? r.attempt2() : null;
            }
            if (wrong != null && right != null) {
                out.add(protocol.conversation(rollouts.get(group).problem().statement(), wrong, right));
            }
        }
        return out;
    }
}
