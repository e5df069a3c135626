package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-row generators a sampled batch draws from: one family per seed, one member per row. */
class RngStreamsTest {
    private static long[] firstDraws(Rng rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextLong();
        }
        return out;
    }

    @Test
    void aMemberIsTheSameWhereverTheListOfMembersStarts() {
        List<Rng> fromZero = Rng.streams(5, 0, 6);
        List<Rng> fromFour = Rng.streams(5, 4, 2);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(firstDraws(fromZero.get(4 + i), 8), firstDraws(fromFour.get(i), 8), "member " + (4 + i));
        }
        assertArrayEquals(firstDraws(Rng.stream(5, 3), 8), firstDraws(Rng.streams(5, 0, 4).get(3), 8));
    }

    @Test
    void membersAndNeighbouringFamiliesStartApart() {
        // Seeds one apart and indices one apart: no member's first four draws repeat another's.
        Set<Long> seen = new HashSet<>();
        int draws = 0;
        for (long seed = 0; seed < 8; seed++) {
            for (Rng member : Rng.streams(seed, 0, 64)) {
                for (long value : firstDraws(member, 4)) {
                    seen.add(value);
                    draws++;
                }
            }
        }
        assertEquals(draws, seen.size());
    }

    @Test
    void theFirstUniformsOfAFamilyAreSpreadEvenly() {
        // 4000 members' first uniforms in ten bins: each bin within 4.5 standard deviations of 400.
        int[] bins = new int[10];
        for (Rng member : Rng.streams(11, 0, 4000)) {
            bins[(int) (member.nextDouble() * 10)]++;
        }
        double sd = Math.sqrt(4000 * 0.1 * 0.9);
        for (int bin = 0; bin < 10; bin++) {
            assertTrue(Math.abs(bins[bin] - 400) < 4.5 * sd, "bin " + bin + ": " + bins[bin]);
        }
    }
}
