package dev.score.rl.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.Rng;
import dev.score.rl.math.MathTask;
import dev.score.rl.task.DelegatingTask;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Revision;
import dev.score.rl.task.Split;
import dev.score.rl.task.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseTracesTest {
    @Test
    void tracesHaveTheStatedErrorAndCopyRatesAndNoFreeCorrection() {
        MathTask task = new MathTask();
        Verifier verifier = task.verifier();
        List<Problem> problems = task.problems(Split.TRAIN, 500, 2);
        BaseTraces traces = new BaseTraces(task, 0.4, 0.7);
        Rng rng = new Rng(9);
        int n = 20_000;
        int right1 = 0;
        int right2 = 0;
        int copies = 0;
        double expectedRight = 0;
        for (int i = 0; i < n; i++) {
            Problem p = problems.get(i % problems.size());
            expectedRight += 1 - task.flawRate(p, 0.4);
            BaseTraces.Trace t = traces.draw(p, rng);
            right1 += verifier.isCorrect(p, t.attempt1()) ? 1 : 0;
            right2 += verifier.isCorrect(p, t.attempt2()) ? 1 : 0;
            copies += t.attempt1().equals(t.attempt2()) ? 1 : 0;
        }
        assertEquals(expectedRight / n, (double) right1 / n, 0.015);
        assertEquals((double) right1 / n, (double) right2 / n, 0.015, "attempt 2 is right exactly as often as attempt 1");
        assertTrue((double) copies / n > 0.69, "at least the copies equal attempt 1");
    }

    @Test
    void ratesOutsideTheUnitIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BaseTraces(new MathTask(), 1.5, 0.5));
    }

    @Test
    void theFingerprintIsStableAndChangesWithTheTraces() {
        BaseModelConfig config = BaseModelConfig.defaults();
        MathTask math = new MathTask();
        assertEquals(BaseTraces.fingerprint(math, config), BaseTraces.fingerprint(new MathTask(), config));
        assertNotEquals(BaseTraces.fingerprint(math, config), BaseTraces.fingerprint(new Revising(math), config),
                "the same problems with revisions in some traces");
        BaseModelConfig moreCopies = new BaseModelConfig(config.vocabSize(), config.layers(), config.dim(),
                config.heads(), config.context(), config.batch(), config.steps(), config.learningRate(),
                config.warmupSteps(), config.weightDecay(), config.errorRate(), config.copyRate() / 2,
                config.trainProblems(), config.tokenizerTraces(), config.seed());
        assertNotEquals(BaseTraces.fingerprint(math, config), BaseTraces.fingerprint(math, moreCopies));
    }

    /** The math task with one trace in five a revision: attempt 2 the solution after a flawed attempt 1. */
    private static final class Revising extends DelegatingTask {
        Revising(MathTask math) {
            super(math);
        }

        @Override
        public double revisionRate() {
            return 0.2;
        }

        @Override
        public Revision revision(Problem problem, Rng rng) {
            return new Revision(inner.flawedSolution(problem, rng), problem.solution());
        }
    }
}
