package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.rl.protocol.Conversation;
import dev.score.rl.rollout.Rollout;
import dev.score.rl.task.Problem;
import dev.score.rl.train.StageObjective.AttemptWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageObjectiveTest {
    private static final Problem P = new Problem("p", 1, "x", "y", "1");

    /** Two samples of one problem: the first fixes a wrong attempt 1, the second breaks a right one. */
    private final List<Rollout> rollouts = List.of(rollout(0, 1), rollout(1, 0));

    @Test
    void stageOneTrainsOnlyAttemptTwoAndPinsAttemptOneWithTheStrongKl() {
        List<AttemptWeights> w = StageObjective.stageOne(0.01, 0.1).weigh(rollouts, 2);
        assertEquals(0, w.get(0).advantage1());
        assertEquals(1, w.get(0).advantage2(), 1e-12); // r2 = 1 against the other's 0
        assertEquals(-1, w.get(1).advantage2(), 1e-12);
        assertEquals(0.1, w.get(0).klWeight1());
        assertEquals(0.01, w.get(0).klWeight2());
    }

    @Test
    void stageTwoShapesAttemptTwoByTheChangeInReward() {
        List<AttemptWeights> w = StageObjective.stageTwo(10, 0.01, 0.01, Attempt2Baseline.RLOO).weigh(rollouts, 2);
        // Attempt 1: rewards 0 and 1. Attempt 2 shaped: 1 + 10·(1 − 0) = 11 and 0 + 10·(0 − 1) = −10.
        assertEquals(-1, w.get(0).advantage1(), 1e-12);
        assertEquals(1, w.get(1).advantage1(), 1e-12);
        assertEquals(21, w.get(0).advantage2(), 1e-12);
        assertEquals(-21, w.get(1).advantage2(), 1e-12);
        assertEquals(0.01, w.get(1).klWeight1());
    }

    @Test
    void theSameFirstRewardBaselineJudgesAttemptTwoOnlyAgainstSamplesThatStartedAlike() {
        // One problem, four samples (r1, r2): wrong→right, wrong→wrong, right→right, right→wrong.
        List<Rollout> four = List.of(rollout(0, 1), rollout(0, 0), rollout(1, 1), rollout(1, 0));
        List<AttemptWeights> w = StageObjective.stageTwo(10, 0.01, 0.1, Attempt2Baseline.SAME_FIRST_REWARD)
                .weigh(four, 4);
        // Each is compared with the one other sample of the same r1, scaled by 1 + α = 11.
        assertEquals(11, w.get(0).advantage2(), 1e-12);
        assertEquals(-11, w.get(1).advantage2(), 1e-12);
        assertEquals(11, w.get(2).advantage2(), 1e-12);
        assertEquals(-11, w.get(3).advantage2(), 1e-12);
        assertEquals(0.1, w.get(0).klWeight1());
        assertEquals(0.01, w.get(0).klWeight2());
        // Plain RLOO judges the shaped rewards 11, 0, 1, −10 against each other, r(y1) swing included.
        List<AttemptWeights> rloo = StageObjective.stageTwo(10, 0.01, 0.01, Attempt2Baseline.RLOO).weigh(four, 4);
        assertEquals(1 - (11 + 0 - 10) / 3.0, rloo.get(2).advantage2(), 1e-12);
        // With no other sample that started alike, the others' mean r2 stands in.
        List<AttemptWeights> lone = StageObjective.stageTwo(10, 0.01, 0.01, Attempt2Baseline.SAME_FIRST_REWARD)
                .weigh(List.of(rollout(1, 1), rollout(0, 0), rollout(0, 1)), 3);
        assertEquals(11 * (1 - 0.5), lone.get(0).advantage2(), 1e-12);
    }

    @Test
    void withoutShapingStageTwoIsPlainMultiTurnRl() {
        List<AttemptWeights> w = StageObjective.stageTwo(0, 0.01, 0.01, Attempt2Baseline.RLOO).weigh(rollouts, 2);
        assertEquals(1, w.get(0).advantage2(), 1e-12);
        assertEquals(-1, w.get(0).advantage1(), 1e-12);
        List<AttemptWeights> single = StageObjective.singleTurn(0.01).weigh(rollouts, 2);
        assertEquals(0, single.get(0).advantage2());
        assertEquals(0, single.get(0).klWeight2());
    }

    @Test
    void methodsPickTheirObjectivePerStage() {
        ScoreConfig c = ScoreConfig.defaults();
        assertEquals("I", Method.SCORE.objective("I", c).name());
        assertEquals(10, Method.SCORE.objective("II", c).alpha());
        assertEquals(0, Method.NO_SHAPING.objective("II", c).alpha());
        assertEquals("II", Method.NO_STAGE_ONE.objective("I", c).name());
        assertEquals(0, Method.NAIVE_MULTI_TURN.objective("I", c).alpha());
        assertEquals(Method.NAIVE_MULTI_TURN, Method.parse("naive_multi_turn"));
        for (Method m : List.of(Method.SCORE, Method.NAIVE_MULTI_TURN, Method.NO_STAGE_ONE, Method.NO_SHAPING)) {
            StageObjective two = m.objective("II", c);
            assertEquals(Attempt2Baseline.parse(c.attempt2Baseline()), two.baseline2(), "one baseline for all: " + m);
            assertEquals(c.stageTwoBetaT1(), two.klWeight1());
        }
    }

    private static Rollout rollout(double r1, double r2) {
        return new Rollout(P, new Conversation(new int[] {0}, 0, 0, 0, 0), "", "", r1, r2, new float[0]);
    }
}
