package dev.score.rl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void showsCountRateAndEta() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "eval", 100, false);
        bar.advance(5);
        bar.advance(20);
        bar.status("acc 0.50");
        // 20 units timed over 8 s since the first advance: 2.5 it/s, 75 left take 30 s.
        assertEquals("eval [######..................] 25/100 2.50 it/s ETA 0:30 · acc 0.50", bar.render(10, 8));
        assertEquals("1:01:01", ProgressBar.clock(3661));
    }

    @Test
    void aResumedLoopTimesOnlyItsOwnSteps() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "score", 300, false);
        bar.advance(250);
        assertEquals("score [####################....] 250/300 ETA ?", bar.render(0.001, 0.001));
        bar.advance(10);
        // 10 steps in 5 s: 2 it/s, not 260 steps over this process's 5 s.
        assertEquals("score [####################....] 260/300 2.00 it/s ETA 0:20", bar.render(5, 5));
    }

    @Test
    void aFinishedRunResumedShowsNoRate() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(sink, true, StandardCharsets.UTF_8), "score", 300,
                false)) {
            bar.advance(300);
        }
        String log = sink.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("it/s"), log);
        assertTrue(log.strip().matches("score \\[#{24}] 300/300 took 0:00"), log);
    }

    @Test
    void withoutATerminalItPrintsAboutTenLines() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(sink, true, StandardCharsets.UTF_8), "x", 1000, false)) {
            for (int i = 0; i < 1000; i++) {
                bar.advance(1);
            }
        }
        long lines = sink.toString(StandardCharsets.UTF_8).lines().count();
        assertTrue(lines >= 10 && lines <= 12, lines + " lines");
    }

    @Test
    void aStatusSetAfterTheLastStepStillReachesALog() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(sink, true, StandardCharsets.UTF_8), "sft", 2, false)) {
            bar.advance(2);
            bar.status("round 3 kept 40");
        }
        String log = sink.toString(StandardCharsets.UTF_8);
        assertTrue(log.strip().endsWith("round 3 kept 40"), log);
        assertEquals(2, log.lines().count(), "the last line is drawn again once, with the status");
    }
}
