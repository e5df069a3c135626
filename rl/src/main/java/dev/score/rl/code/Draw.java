package dev.score.rl.code;

import dev.score.engine.Rng;
import dev.score.rl.code.Value.IntValue;
import dev.score.rl.code.Value.ListValue;
import java.util.Arrays;
import java.util.List;

/** Small helpers the templates share: drawing parameters and test arguments, reading arguments back. */
final class Draw {
    private Draw() {
    }

    /** Uniform in [lo, hi]. */
    static long between(Rng rng, long lo, long hi) {
        return lo + rng.nextInt((int) (hi - lo + 1));
    }

    /** A list of length in [minLength, maxLength] with elements in [lo, hi]. */
    static long[] list(Rng rng, int minLength, int maxLength, long lo, long hi) {
        long[] items = new long[(int) between(rng, minLength, maxLength)];
        for (int i = 0; i < items.length; i++) {
            items[i] = between(rng, lo, hi);
        }
        return items;
    }

    static List<Value> ints(long... arguments) {
        return Arrays.stream(arguments).mapToObj(Value::of).toList();
    }

    static List<Value> oneList(long[] items) {
        return List.of(Value.of(items));
    }

    static long intArg(List<Value> arguments, int i) {
        return ((IntValue) arguments.get(i)).value();
    }

    static long[] listArg(List<Value> arguments, int i) {
        return ((ListValue) arguments.get(i)).toArray();
    }
}
