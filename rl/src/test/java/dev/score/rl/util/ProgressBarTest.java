package dev.score.rl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void showsCountRateAndEta() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "eval", 100, false);
        bar.advance(25);
        bar.status("acc 0.50");
        assertEquals("eval [######..................] 25/100 2.50 it/s ETA 0:30 · acc 0.50", bar.render(10));
        assertEquals("1:01:01", ProgressBar.clock(3661));
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
