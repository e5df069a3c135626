package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.engine.io.SafeTensors;
import dev.score.engine.io.SafeTensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The PyTorch reference data in {@code parity/fixtures} (made by {@code parity/make_fixtures.py}; its
 * README documents every name), and the one comparison every parity test uses.
 */
final class ParityFixtures {
    static final Path DIR = Path.of("..", "parity", "fixtures").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParityFixtures() {
    }

    static SafeTensorsFile tensors(String file) {
        return SafeTensors.read(DIR.resolve(file));
    }

    static JsonNode json(String file) {
        try {
            return JSON.readTree(DIR.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    /** A [B][T] JSON array flattened row-major. */
    static int[] flatInts(JsonNode rows) {
        int width = rows.get(0).size();
        int[] values = new int[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(ints(rows.get(r)), 0, values, r * width, width);
        }
        return values;
    }

    /** {@code |actual − expected| ≤ atol + rtol·|expected|} everywhere; the message names the worst index. */
    static void assertClose(float[] expected, float[] actual, double atol, double rtol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs((double) actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (!(excess <= worstExcess)) { // also catches NaN
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": index " + worst + " is " + actual[worst] + ", PyTorch has "
                    + expected[worst] + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }
}
