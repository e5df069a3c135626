package dev.score.engine;

import dev.score.engine.io.RopeParameters;
import dev.score.kernels.Backend;
import dev.score.kernels.Storage;

/**
 * The cosines and sines of rotary position embedding, {@code cos[P, headDim/2]} and {@code sin[P, headDim/2]}:
 * row {@code p} holds {@code cos(p·invFreq[i])}, with the angle formed in float32 as Hugging Face forms it
 * ({@code inv_freq ⊗ positions}), so positions far into a long context round as they do there.
 */
final class RotaryTables {
    private final Storage cos;
    private final Storage sin;
    private final int positions;
    private final int headDim;

    RotaryTables(Backend backend, RopeParameters rope, int positions, int headDim) {
        float[] inv = rope.inverseFrequencies(headDim);
        int half = headDim / 2;
        float[] c = new float[positions * half];
        float[] s = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = p * inv[i];
                c[p * half + i] = (float) Math.cos(angle);
                s[p * half + i] = (float) Math.sin(angle);
            }
        }
        this.cos = backend.fromArray(c);
        this.sin = backend.fromArray(s);
        this.positions = positions;
        this.headDim = headDim;
    }

    Storage cos() {
        return cos;
    }

    Storage sin() {
        return sin;
    }

    int headDim() {
        return headDim;
    }

    /** Fails unless every position has a row in the tables. */
    void check(int[] at) {
        for (int i = 0; i < at.length; i++) {
            if (at[i] < 0 || at[i] >= positions) {
                throw new IllegalArgumentException("position " + at[i] + " at row " + i + " is outside [0, " + positions + ")");
            }
        }
    }
}
