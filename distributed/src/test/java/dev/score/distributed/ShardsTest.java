package dev.score.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShardsTest {
    @Test
    void anUnevenBatchGivesItsFirstShardsOneProblemMore() {
        assertEquals(List.of(new Shards.Range(0, 3), new Shards.Range(3, 5)), Shards.of(5, 2));
        assertEquals(List.of(new Shards.Range(0, 3), new Shards.Range(3, 6), new Shards.Range(6, 8)),
                Shards.of(8, 3));
    }

    @Test
    void moreShardsThanProblemsLeavesNoEmptyShard() {
        assertEquals(List.of(new Shards.Range(0, 1), new Shards.Range(1, 2)), Shards.of(2, 4));
    }

    @Test
    void theShardsCoverTheBatchInOrder() {
        for (int problems = 1; problems <= 20; problems++) {
            for (int shards = 1; shards <= 9; shards++) {
                List<Shards.Range> ranges = Shards.of(problems, shards);
                int next = 0;
                for (Shards.Range range : ranges) {
                    assertEquals(next, range.from());
                    next = range.to();
                    assertEquals(true, range.size() > 0);
                }
                assertEquals(problems, next);
                assertEquals(Math.min(problems, shards), ranges.size());
            }
        }
    }

    @Test
    void noShardsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Shards.of(4, 0));
    }
}
