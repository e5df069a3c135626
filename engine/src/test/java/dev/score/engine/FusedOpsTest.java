package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Backends;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fused operation gives the values and gradients of the unfused {@link Ops} it replaces. */
class FusedOpsTest {

    static Stream<String> backends() {
        return Stream.of("scalar", "vector");
    }

    private record Run(float[] out, float[] dx, float[] dw, float[] dbias) {
    }

    /** Forward {@code [7, 5] · [5, 19] + [19]} and backward with a fixed upstream gradient. */
    private static Run run(Backend backend, Function<List<Tensor>, Tensor> op) {
        Tensor x = Tensor.of(backend, randoms(7 * 5, 1), true, 7, 5);
        Tensor w = Tensor.of(backend, randoms(5 * 19, 2), true, 5, 19);
        Tensor bias = Tensor.of(backend, randoms(19, 3), true, 19);
        Tensor out = op.apply(List.of(x, w, bias));
        out.backward(randoms(7 * 19, 4));
        return new Run(out.toArray(), x.gradToArray(), w.gradToArray(), bias.gradToArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linearIsMatmulPlusBias(String name) {
        try (Backend backend = Backends.create(name, 2)) {
            Run fused = run(backend, t -> FusedOps.linear(t.get(0), t.get(1), t.get(2)));
            Run plain = run(backend, t -> Ops.addBias(Ops.matmul(t.get(0), t.get(1), MatmulForm.A_B), t.get(2)));
            assertSame(plain, fused);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linearGeluIsGeluOfMatmulPlusBias(String name) {
        try (Backend backend = Backends.create(name, 2)) {
            Run fused = run(backend, t -> FusedOps.linearGelu(t.get(0), t.get(1), t.get(2)));
            Run plain = run(backend,
                    t -> Ops.gelu(Ops.addBias(Ops.matmul(t.get(0), t.get(1), MatmulForm.A_B), t.get(2))));
            assertSame(plain, fused);
        }
    }

    /** The same kernels in the same order: equal to the bit. */
    private static void assertSame(Run expected, Run actual) {
        assertArrayEquals(expected.out(), actual.out(), "out");
        assertArrayEquals(expected.dx(), actual.dx(), "dx");
        assertArrayEquals(expected.dw(), actual.dw(), "dw");
        assertArrayEquals(expected.dbias(), actual.dbias(), "dbias");
        assertEquals(7 * 19, actual.out().length);
    }

    private static float[] randoms(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
