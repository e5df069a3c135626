package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.score.engine.CausalLm;
import dev.score.engine.Gpt2Model;
import dev.score.engine.io.CheckpointException;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.DelegatingTask;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Verifier;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every trained method keeps its best policy by validation Accuracy@t2, the supervised baselines included,
 * and a finished training is loaded, not repeated.
 */
class MethodTrainingTest extends TinyBaseModelTest {
    private final MathTask task = new MathTask();

    private MethodTraining training() throws Exception {
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        return new MethodTraining(task, protocol, base, Gpt2Model.load(base, backend));
    }

    /** The greedy validation Accuracy@t2 of {@code policy}, measured afresh. */
    private double validationAccT2(ScoreConfig config, CausalLm policy, String scratch) throws Exception {
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        return new GreedyValidation(config, task, protocol, policy, dir.resolve(scratch), -1).measure(policy).accT2();
    }

    private static List<JsonNode> lines(RunDirectory run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.stepMetrics())) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void starValidatesEveryRoundAndKeepsTheBestNotTheLast() throws Exception {
        ScoreConfig threeRounds = ConfigTree.with(TinyRun.config(List.of("I:1")), "star_rounds", IntNode.valueOf(3));
        TrainedPolicy firstBest = trainStar(threeRounds, 0, "star-first-best");
        TrainedPolicy lastBest = trainStar(threeRounds, 2, "star-last-best");
        TrainedPolicy oneRound = trainStar(ConfigTree.with(threeRounds, "star_rounds", IntNode.valueOf(1)), 0,
                "star-one-round");

        List<JsonNode> rounds = lines(new RunDirectory(dir.resolve("star-first-best")));
        assertEquals(List.of(1, 2, 3), rounds.stream().map(l -> l.get("round").asInt()).toList());
        assertEquals(List.of(1.0, 0.0, 0.0), rounds.stream().map(l -> l.get("val_acc_t2").asDouble()).toList());
        assertEquals(1.0, firstBest.validationAccT2(), 0.0);
        assertTrue(Files.isRegularFile(dir.resolve("star-first-best/best/tokenizer.json")), "a model directory");
        // The rounds change the weights (the last round's policy is not the first's), and the policy handed back
        // is the first round's, bit for bit, where that round validated best.
        assertFalse(sameWeights(firstBest.policy(), lastBest.policy()), "rounds 1 and 3 differ");
        assertTrue(sameWeights(firstBest.policy(), oneRound.policy()), "round 1 was kept");
    }

    /** STaR D+ for {@code config}'s rounds on a task whose validation is right only in pass {@code rightPass}. */
    private TrainedPolicy trainStar(ScoreConfig config, int rightPass, String name) throws Exception {
        ScriptedValidationTask scripted = new ScriptedValidationTask(config, rightPass);
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        return new MethodTraining(scripted, protocol, base, Gpt2Model.load(base, backend))
                .train(Method.STAR_D_PLUS, config, new RunDirectory(dir.resolve(name)), name);
    }

    private static boolean sameWeights(CausalLm a, CausalLm b) {
        return a.parameters().entrySet().stream()
                .allMatch(e -> Arrays.equals(e.getValue().toArray(), b.parameters().get(e.getKey()).toArray()));
    }

    /**
     * The math task, except its verifier: every training attempt is right (so STaR D+ keeps every trace and
     * each round trains), and the validation problems are right only during one validation pass (each pass
     * checks two attempts of each problem, in order), so which round validates best is known in advance.
     */
    private static final class ScriptedValidationTask extends DelegatingTask {
        private final Set<String> validation;
        private final int rightPass;
        private final AtomicInteger validationChecks = new AtomicInteger();

        ScriptedValidationTask(ScoreConfig config, int rightPass) {
            super(new MathTask());
            this.validation = inner.problems(Split.VALIDATION, config.validationProblems(), config.seed()).stream()
                    .map(Problem::id).collect(Collectors.toSet());
            this.rightPass = rightPass;
        }

        @Override
        public Verifier verifier() {
            return (problem, attempt) -> !validation.contains(problem.id())
                    || validationChecks.getAndIncrement() / (2 * validation.size()) == rightPass;
        }

    }

    @Test
    void rlReturnsItsKeptPolicyAndItsValidationScore() throws Exception {
        ScoreConfig config = TinyRun.config(List.of("I:2", "II:2"));
        RunDirectory run = new RunDirectory(dir.resolve("score"));
        TrainedPolicy trained = training().train(Method.SCORE, config, run, "score");
        double best = lines(run).stream().filter(l -> l.has("val_acc_t2"))
                .mapToDouble(l -> l.get("val_acc_t2").asDouble()).max().orElseThrow();
        assertEquals(best, trained.validationAccT2(), 0.0);
        assertEquals(best, validationAccT2(config, trained.policy(), "check-score"), 0.0);
    }

    @Test
    void aFinishedTrainingIsLoadedNotRepeated() throws Exception {
        ScoreConfig config = TinyRun.config(List.of("I:1"));
        RunDirectory run = new RunDirectory(dir.resolve("pair_sft"));
        TrainedPolicy first = training().train(Method.PAIR_SFT, config, run, "pair_sft");
        long written = Files.getLastModifiedTime(run.stepMetrics()).toMillis();
        Files.writeString(run.stepMetrics(), "left alone\n");

        TrainedPolicy again = training().train(Method.PAIR_SFT, config, run, "pair_sft");
        assertEquals("left alone\n", Files.readString(run.stepMetrics()), "no round ran again");
        assertEquals(first.validationAccT2(), again.validationAccT2(), 0.0);
        first.policy().parameters().forEach((name, t) ->
                assertArrayEquals(t.toArray(), again.policy().parameters().get(name).toArray(), name));
        assertTrue(written > 0);

        Files.writeString(run.trained(), "{\"policy\": \"gone\", \"validation_acc_t2\": 0.5}");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> training().train(Method.PAIR_SFT, config, run, "pair_sft"));
        assertTrue(e.getMessage().contains("trained.json") && e.getMessage().contains("is gone"), e.getMessage());
    }

    @Test
    void starInStageTwoKeepsItsStarRoundsBesideStageOne() throws Exception {
        ScoreConfig config = TinyRun.config(List.of("I:2", "II:2"));
        RunDirectory run = new RunDirectory(dir.resolve("star_stage_two"));
        TrainedPolicy trained = training().train(Method.STAR_STAGE_TWO, config, run, "star_stage_two");
        assertEquals(2, lines(run).size(), "the Stage I steps only");
        assertEquals(1, lines(run.starRounds()).size(), "one STaR round");
        assertEquals(lines(run.starRounds()).getFirst().get("val_acc_t2").asDouble(), trained.validationAccT2(), 0.0);
        assertEquals("star/best", new ObjectMapper().readTree(run.trained().toFile()).get("policy").asText());
    }
}
