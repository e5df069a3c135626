package dev.score.rl.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.score.rl.protocol.Conversation;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBatchTest {
    @Test
    void onlyAttemptTokensAreTargetsAndShortRowsArePadded() {
        // [P x A y1 y1 E | I p A y2 E]: attempt 1 at [3, 6), attempt 2 at [9, 11).
        Conversation longer = new Conversation(new int[] {1, 10, 2, 20, 21, 0, 3, 30, 2, 40, 0}, 3, 6, 9, 11);
        Conversation shorter = new Conversation(new int[] {1, 10, 2, 20, 0, 3, 30, 2, 40, 0}, 3, 5, 8, 10);
        TokenBatch batch = TokenBatch.of(List.of(longer, shorter), 11);
        assertEquals(11, batch.length(), "rounded up to 16, but no further than the context");
        assertArrayEquals(new int[] {-1, -1, 20, 21, 0, -1, -1, -1, 40, 0, -1},
                java.util.Arrays.copyOfRange(batch.targets(), 0, 11));
        assertArrayEquals(new int[] {-1, -1, 20, 0, -1, -1, -1, 40, 0, -1, -1},
                java.util.Arrays.copyOfRange(batch.targets(), 11, 22));
        assertEquals(0, batch.tokens()[21], "padding");
    }

    @Test
    void lengthsRoundUpSoThatBatchesShareShapes() {
        Conversation eleven = new Conversation(new int[] {1, 10, 2, 20, 21, 0, 3, 30, 2, 40, 0}, 3, 6, 9, 11);
        TokenBatch batch = TokenBatch.of(List.of(eleven), 64);
        assertEquals(TokenBatch.LENGTH_STEP, batch.length());
        assertEquals(0, batch.tokens()[11], "padding");
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, java.util.Arrays.copyOfRange(batch.targets(), 11, 16));
    }

    @Test
    void aConversationLongerThanTheContextIsRefused() {
        Conversation eleven = new Conversation(new int[] {1, 10, 2, 20, 21, 0, 3, 30, 2, 40, 0}, 3, 6, 9, 11);
        assertThrows(IllegalArgumentException.class, () -> TokenBatch.of(List.of(eleven), 10));
    }
}
