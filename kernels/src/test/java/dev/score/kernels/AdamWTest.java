package dev.score.kernels;

import static dev.score.kernels.CloseAssertions.assertClose;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two AdamW steps worked out by hand with torch.optim.AdamW's update, for lr 0.1, β1 0.9, β2 0.999,
 * eps 1e-8, weight decay 0.01, on two parameters: one with gradients 0.5 then −0.25, one with
 * gradients 0 then 0.1 (its first step is pure decay, since m = v = 0 gives a zero update).
 */
class AdamWTest {

    private static final Backend SCALAR = new ScalarBackend();
    private static final Backend VECTOR = new VectorBackend(2);

    static Stream<Named<Backend>> backends() {
        return Stream.of(Named.of("scalar", SCALAR), Named.of("vector", VECTOR));
    }

    @AfterAll
    static void closeBackends() {
        SCALAR.close();
        VECTOR.close();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void twoStepsMatchTheWorkedExample(Backend backend) {
        Storage param = backend.fromArray(new float[] {1.0f, -0.5f});
        Storage m = backend.allocate(2);
        Storage v = backend.allocate(2);

        backend.adamW(param, backend.fromArray(new float[] {0.5f, 0f}), m, v, 2, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 1);
        // Step 1, first parameter: p = 1·(1 − 0.1·0.01) = 0.999; m = 0.1·0.5 = 0.05; v = 0.001·0.25 = 2.5e-4;
        // m̂ = 0.05/0.1 = 0.5; v̂ = 2.5e-4/0.001 = 0.25; p −= 0.1·0.5/(√0.25 + 1e-8) → 0.899000002.
        // Second parameter: p = −0.5·0.999 = −0.4995, and the update is 0/(0 + eps) = 0.
        assertClose(new float[] {0.899000002f, -0.4995f}, backend.toArray(param), 1e-7, 1e-6, "param after step 1");
        assertClose(new float[] {0.05f, 0f}, backend.toArray(m), 1e-9, 1e-6, "m after step 1");
        // 0.999 as a float is 0.99900001, so 1 − β2 comes out 1.3e-5 (relative) below 0.001: v is checked to 2e-5.
        assertClose(new float[] {2.5e-4f, 0f}, backend.toArray(v), 1e-12, 2e-5, "v after step 1");

        backend.adamW(param, backend.fromArray(new float[] {-0.25f, 0.1f}), m, v, 2, 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, 2);
        // Step 2, first parameter: p = 0.899000002·0.999 = 0.898101002; m = 0.9·0.05 − 0.1·0.25 = 0.02;
        // v = 0.999·2.5e-4 + 0.001·0.0625 = 3.1225e-4; m̂ = 0.02/(1 − 0.81) = 0.105263158;
        // v̂ = 3.1225e-4/(1 − 0.998001) = 0.156203102; p −= 0.1·0.105263158/(0.395225382 + 1e-8) → 0.871467299.
        // Second parameter: p = −0.4995·0.999 = −0.4990005; m = 0.01; v = 1e-5; m̂ = 0.0526315789;
        // v̂ = 0.00500250125; p −= 0.1·0.0526315789/(0.0707283624 + 1e-8) → −0.573414172.
        assertClose(new float[] {0.871467299f, -0.573414172f}, backend.toArray(param), 1e-7, 1e-6, "param after step 2");
        assertClose(new float[] {0.02f, 0.01f}, backend.toArray(m), 1e-9, 1e-6, "m after step 2");
        assertClose(new float[] {3.1225e-4f, 1e-5f}, backend.toArray(v), 1e-12, 2e-5, "v after step 2");
    }
}
