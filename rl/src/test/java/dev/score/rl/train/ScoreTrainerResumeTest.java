package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.Gpt2Model;
import dev.score.rl.math.MathTask;
import dev.score.rl.protocol.SelfCorrectionProtocol;
import dev.score.rl.task.DelegatingTask;
import dev.score.rl.task.Task;
import dev.score.rl.task.Verifier;
import dev.score.tokenizer.Tokenizers;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run killed mid-way and resumed ends exactly where an uninterrupted run ends, metrics and weights alike. */
class ScoreTrainerResumeTest extends TinyBaseModelTest {
    @Test
    void aKilledRunResumesWithoutGapsOrDuplicates() throws Exception {
        ScoreConfig config = TinyRun.config(List.of("I:2", "II:2"));
        RunDirectory whole = new RunDirectory(dir.resolve("whole"));
        train(config, new MathTask(), whole);

        RunDirectory killed = new RunDirectory(dir.resolve("killed"));
        // 8 verifier calls per step (2 problems × 2 samples × 2 attempts) and 8 per validation: the run dies
        // during step 2, after the checkpoint written at the end of step 1.
        assertThrows(SimulatedKill.class, () -> train(config, new DyingTask(30), killed));
        assertEquals(2, Files.readAllLines(killed.stepMetrics()).size());
        train(config, new MathTask(), killed);

        List<ObjectNode> expected = lines(whole);
        List<ObjectNode> actual = lines(killed);
        assertEquals(4, actual.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, actual.get(i).get("step").asInt(), "steps in order, once each");
            assertEquals(expected.get(i), actual.get(i), "the same keys and values, bit for bit");
        }
        assertTrue(actual.get(3).has("val_acc_t2"));
        Gpt2Model a = Gpt2Model.load(whole.checkpoints().latest().orElseThrow().dir(), backend);
        Gpt2Model b = Gpt2Model.load(killed.checkpoints().latest().orElseThrow().dir(), backend);
        a.parameters().forEach((name, t) -> assertArrayEquals(t.toArray(), b.parameters().get(name).toArray(), name));
    }

    private static void train(ScoreConfig config, Task task, RunDirectory run) throws Exception {
        Files.createDirectories(run.root());
        SelfCorrectionProtocol protocol = new SelfCorrectionProtocol(Tokenizers.load(base), task.correctionInstruction());
        new ScoreTrainer(config, Method.SCORE, task, protocol, run).train(Gpt2Model.load(base, backend), Gpt2Model.load(base, backend),
                "test");
    }

    private static List<ObjectNode> lines(RunDirectory run) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.stepMetrics())) {
            ObjectNode node = (ObjectNode) json.readTree(line);
            node.remove(List.of("seconds", "tokens_per_s"));
            out.add(node);
        }
        return out;
    }

    private static final class SimulatedKill extends RuntimeException {
        SimulatedKill() {
            super("simulated kill");
        }
    }

    /** The math task, except that its verifier dies after a number of calls, like a killed process. */
    private static final class DyingTask extends DelegatingTask {
        private final AtomicInteger callsLeft;

        DyingTask(int calls) {
            super(new MathTask());
            this.callsLeft = new AtomicInteger(calls);
        }

        @Override
        public Verifier verifier() {
            Verifier math = inner.verifier();
            return (problem, attempt) -> {
                if (callsLeft.decrementAndGet() < 0) {
                    throw new SimulatedKill();
                }
                return math.isCorrect(problem, attempt);
            };
        }

    }
}
