package dev.score.rl.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void theReportHasTheTableCurvesHistogramsAndEscapedSamples(@TempDir Path dir) throws Exception {
        RunDirectory run = new RunDirectory(dir);
        Files.writeString(run.finalMetrics(), """
                {"task": "math", "methods": {
                  "base": {"acc_t1": 0.5, "acc_t2": 0.48, "delta": -0.02, "delta_i2c": 0.01, "delta_c2i": 0.03,
                           "changed_answer_rate": 0.1, "edit_ratio_histogram": [8, 1, 1, 0, 0, 0, 0, 0, 0, 0], "problems": 10},
                  "score": {"acc_t1": 0.52, "acc_t2": 0.6, "delta": 0.08, "delta_i2c": 0.09, "delta_c2i": 0.01,
                           "changed_answer_rate": 0.2, "edit_ratio_histogram": [5, 3, 2, 0, 0, 0, 0, 0, 0, 0], "problems": 10}}}
                """);
        StringBuilder lines = new StringBuilder();
        for (int step = 0; step < 6; step++) {
            lines.append("{\"step\": ").append(step).append(", \"stage\": \"I\", \"reward_t1\": 0.4, \"reward_t2\": 0.")
                    .append(4 + step).append(", \"kl_t1\": 0.001, \"kl_t2\": 0.01")
                    .append(step % 3 == 2 ? ", \"val_acc_t1\": 0.5, \"val_acc_t2\": 0.55" : "").append("}\n");
        }
        Files.createDirectories(run.method("score").root());
        Files.writeString(run.method("score").stepMetrics(), lines);
        Files.writeString(run.samples(), """
                {"score": [{"problem": "What is 1<2?", "attempt1": "x", "attempt2": "y", "correct1": false, "correct2": true}]}
                """);
        String html = Files.readString(Report.write(run));
        assertTrue(html.contains("<td>score</td><td>52.0</td><td>60.0</td><td>+8.0</td><td>9.0</td><td>1.0</td>"), html);
        assertTrue(html.contains("Reward per attempt") && html.contains("<polyline"));
        assertTrue(html.contains("Edit-distance ratio") && html.contains("<rect"));
        // Validation accuracy 0.50–0.55 gets ticks every 0.01, the steps 0–5 every step (see AxisTicksTest).
        assertTrue(html.contains(">0.50</text>") && html.contains(">0.53</text>") && html.contains(">0.55</text>"), html);
        assertTrue(html.contains(">5</text>"), html);
        assertTrue(html.contains("What is 1&lt;2?"));
        assertFalse(html.contains("<script"), "readable offline, nothing to run");
    }
}
