package dev.score.rl.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.rl.protocol.Conversation;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {
    @Test
    void onlyAttemptTokensAreTargetsAndShortRowsArePadded() {
        // [P x A y1 y1 E | I p A y2 E]: attempt 1 at [3, 6), attempt 2 at [9, 11).
        Conversation longer = new Conversation(new int[] {1, 10, 2, 20, 21, 0, 3, 30, 2, 40, 0}, 3, 6, 9, 11);
        Conversation shorter = new Conversation(new int[] {1, 10, 2, 20, 0, 3, 30, 2, 40, 0}, 3, 5, 8, 10);
        TokenBatch batch = TokenBatch.of(List.of(longer, shorter));
        assertEquals(11, batch.length());
        assertArrayEquals(new int[] {-1, -1, 20, 21, 0, -1, -1, -1, 40, 0, -1},
                java.util.Arrays.copyOfRange(batch.targets(), 0, 11));
        assertArrayEquals(new int[] {-1, -1, 20, 0, -1, -1, -1, 40, 0, -1, -1},
                java.util.Arrays.copyOfRange(batch.targets(), 11, 22));
        assertEquals(0, batch.tokens()[21], "padding");
    }
}
