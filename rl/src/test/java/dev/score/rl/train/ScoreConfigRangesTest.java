package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key's range: values just outside are refused with the key's name, the bounds themselves accepted. */
class ScoreConfigRangesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The defaults with {@code key} set to {@code value} (a JSON literal). */
    private static ScoreConfig with(String key, String value) throws Exception {
        ObjectNode tree = JSON.valueToTree(ScoreConfig.defaults());
        tree.set(key, JSON.readTree(value));
        return JSON.treeToValue(tree, ScoreConfig.class);
    }

    static Stream<Object[]> outOfRange() {
        return Stream.of(
                new Object[] {"samples_per_problem", "1"}, new Object[] {"samples_per_problem", "65"},
                new Object[] {"problems_per_step", "0"}, new Object[] {"problems_per_step", "1025"},
                new Object[] {"max_attempt_tokens", "0"}, new Object[] {"max_attempt_tokens", "4097"},
                new Object[] {"test_problems", "2147483647"}, new Object[] {"train_problems", "100001"},
                new Object[] {"validation_problems", "0"}, new Object[] {"sft_problems", "100001"},
                new Object[] {"star_rounds", "101"}, new Object[] {"eval_every", "0"},
                new Object[] {"checkpoint_every", "-1"},
                new Object[] {"learning_rate", "1e30"}, new Object[] {"learning_rate", "0"},
                new Object[] {"stage_two_learning_rate", "1.5"}, new Object[] {"clip_norm", "0"},
                new Object[] {"temperature", "0"}, new Object[] {"temperature", "101"},
                new Object[] {"alpha", "-1"}, new Object[] {"alpha", "1e300"}, new Object[] {"beta1", "1001"},
                new Object[] {"beta2", "-0.5"}, new Object[] {"stage_two_beta_t1", "2000"});
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfRange")
    void aValueOutsideItsRangeIsRefusedByName(String key, String value) {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class, () -> with(key, value));
        assertTrue(e.getCause().getMessage().startsWith(key + " must be"), e.getCause().getMessage());
    }

    @Test
    void theBoundsThemselvesAreAccepted() throws Exception {
        assertEquals(64, with("samples_per_problem", "64").samplesPerProblem());
        assertEquals(1.0, with("learning_rate", "1").learningRate());
        assertEquals(100.0, with("temperature", "100").temperature());
        assertEquals(0.0, with("alpha", "0").alpha());
        assertEquals(ScoreConfig.MAX_PROBLEMS, with("test_problems", String.valueOf(ScoreConfig.MAX_PROBLEMS))
                .testProblems());
        assertDoesNotThrow(() -> with("schedule", "[\"I:1\"]"));
    }

    @Test
    void rolloutsPerStepAreBoundedTogether() {
        ObjectNode tree = JSON.valueToTree(ScoreConfig.defaults());
        tree.put("samples_per_problem", 64).put("problems_per_step", 65);
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.treeToValue(tree, ScoreConfig.class));
        assertTrue(e.getCause().getMessage().contains("4160 rollouts per step"), e.getCause().getMessage());
    }

    @Test
    void everySchedulePhaseTakesAtLeastOneStep() {
        for (String schedule : List.of("[\"I:0\"]", "[\"I:10\", \"II:0\"]", "[\"I:-3\"]", "[\"I:99999999999\"]",
                "[\"I:+5\"]", "[\"I:1000001\"]")) {
            ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                    () -> with("schedule", schedule), schedule);
            assertTrue(e.getCause().getMessage().contains("schedule entry"), e.getCause().getMessage());
        }
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> with("schedule", "[\"I:600000\", \"II:600000\"]"));
        assertTrue(e.getCause().getMessage().startsWith("schedule (its total steps) must be from 1 to 1000000"),
                e.getCause().getMessage());
    }

    @Test
    void aMissingStringIsRefusedNotANullPointer() {
        ObjectNode tree = JSON.valueToTree(ScoreConfig.defaults());
        tree.remove("schedule");
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.treeToValue(tree, ScoreConfig.class));
        assertTrue(e.getCause().getMessage().contains("must all be given"), e.getCause().getMessage());
    }
}
