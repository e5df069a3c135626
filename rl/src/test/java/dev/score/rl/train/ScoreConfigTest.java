package dev.score.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreConfigTest {
    @Test
    void defaultsFollowThePaperAndRoundTripThroughJson() throws Exception {
        ScoreConfig c = ScoreConfig.defaults();
        assertEquals(10, c.alpha());
        assertEquals(0.01, c.beta1());
        assertEquals(0.1, c.beta2());
        assertEquals(1.0, c.temperature());
        assertEquals(c.learningRate(), c.learningRate("I"));
        assertEquals(c.stageTwoLearningRate(), c.learningRate("II"));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(c);
        assertTrue(text.contains("\"kl_estimator\":\"exact\""), text);
        assertEquals(c, json.readValue(text, ScoreConfig.class));
        assertEquals(c.phases().get(0).steps() + c.phases().get(1).steps(), c.totalSteps());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        ScoreConfig c = ScoreConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(c.task(),
                c.methods(), List.of("III:5"), 1, 1, 1, 1, "rloo", "exact", 4, 1, 1e-4, 1e-4, 1, 1, 8, 16, 1, 10, 10,
                10, 1, 1, 1, "", "", ScoreConfig.TASK_PROMPT_SUFFIX));
        assertTrue(e.getMessage().contains("III:5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(c.task(), c.methods(), c.schedule(), 1,
                1, 1, 1, "rloo", "k9", 4, 1, 1e-4, 1e-4, 1, 1, 8, 16, 1, 10, 10, 10, 1, 1, 1, "", "", ScoreConfig.TASK_PROMPT_SUFFIX));
        assertTrue(e.getMessage().contains("k9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(c.task(), c.methods(), c.schedule(), 1,
                1, 1, 1, "rloo", "exact", 1, 1, 1e-4, 1e-4, 1, 1, 8, 16, 1, 10, 10, 10, 1, 1, 1, "", "", ScoreConfig.TASK_PROMPT_SUFFIX));
        assertTrue(e.getMessage().contains("samples_per_problem"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(c.task(), c.methods(), c.schedule(), 1,
                1, 1, 1, "mean", "exact", 4, 1, 1e-4, 1e-4, 1, 1, 8, 16, 1, 10, 10, 10, 1, 1, 1, "", "", ScoreConfig.TASK_PROMPT_SUFFIX));
        assertTrue(e.getMessage().contains("attempt2_baseline"), e.getMessage());
    }
}
