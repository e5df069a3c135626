package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every {@link VectorBackend} kernel that exponentiates, takes a tanh or sums lanes gives the same
 * bits on its first call, which runs the Vector API's Java fallbacks (only C2 has its intrinsics), as
 * after C2 has compiled it to SIMD instructions. A last-bit difference between the two tiers makes
 * two runs with the same seed diverge (a sampled token flips), so outputs are compared bit for bit.
 * With the Vector API's own {@code EXP}, {@code TANH} and {@code reduceLanes(ADD)} every kernel here
 * differed in some outputs.
 *
 * <p>The kernels run in a JVM of their own ({@link ColdThenHot}), started fresh for this test, since
 * other test classes have already had the test JVM compile them. There every kernel is called once
 * cold, then {@link ColdThenHot#WARM_CALLS} times on the same small inputs, well past C2's thresholds,
 * then once more; {@code -Xbatch} makes each compilation finish before the call that asked for it
 * goes on, so the last call runs the C2 code.
 */
class JitTierReproducibilityTest {

    @Test
    void everyKernelGivesTheSameBitsBeforeAndAfterC2CompilesIt() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ChildJvm.java(), "--add-modules", "jdk.incubator.vector", "-Xbatch",
                "-cp", ChildJvm.classPath(), ColdThenHot.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        List<String> expected = ColdThenHot.kernels().keySet().stream().map(name -> "same bits: " + name).toList();
        assertEquals(String.join("\n", expected), output);
    }

    /** Run in a fresh JVM: prints one line per kernel, "same bits: NAME" or what differed. */
    static final class ColdThenHot {

        /** Calls of each kernel between the cold call and the hot one. */
        static final int WARM_CALLS = 20_000;

        /** One kernel on one backend, its outputs concatenated and widened to double (exactly). */
        @FunctionalInterface
        interface Kernel {
            double[] run(Backend backend);
        }

        public static void main(String[] args) {
            Map<String, Kernel> kernels = kernels();
            try (Backend backend = new VectorBackend(1)) {
                Map<String, double[]> cold = new LinkedHashMap<>();
                kernels.forEach((name, kernel) -> cold.put(name, kernel.run(backend)));
                kernels.forEach((name, kernel) -> {
                    for (int i = 0; i < WARM_CALLS; i++) {
                        kernel.run(backend);
                    }
                });
                kernels.forEach((name, kernel) ->
                        System.out.println(compare(name, cold.get(name), kernel.run(backend))));
            }
        }

        private static String compare(String name, double[] cold, double[] hot) {
            int differing = 0;
            int first = -1;
            for (int i = 0; i < cold.length; i++) {
                if (Double.doubleToRawLongBits(cold[i]) != Double.doubleToRawLongBits(hot[i])) {
                    differing++;
                    first = first < 0 ? i : first;
                }
            }
            if (differing == 0) {
                return "same bits: " + name;
            }
            return String.format("different bits: %s, %d of %d outputs, first at %d: %s cold, %s hot",
                    name, differing, cold.length, first, cold[first], hot[first]);
        }

        /** Small inputs with vector tails, each kernel by name, in the order they are reported. */
        static Map<String, Kernel> kernels() {
            RandomArrays random = new RandomArrays(7);
            Map<String, Kernel> kernels = new LinkedHashMap<>();

            // A last-bit difference of an exp or a tanh shows in about one lane of a hundred: a thousand elements.
            int elements = 1001;
            float[] wide = random.uniform(elements, -20, 20);
            kernels.put("exp", b -> {
                Storage out = b.allocate(elements);
                b.exp(out, b.fromArray(wide), elements);
                return doubles(b.toArray(out));
            });
            // Sums of squares round in double; over 16 prefixes, an order of addition that changed would show.
            float[] normal = random.normal(elements, 0, 3);
            int prefixes = 16;
            kernels.put("sum, sumOfSquares", b -> {
                Storage values = b.fromArray(normal);
                double[] sums = new double[2 * prefixes];
                for (int k = 0; k < prefixes; k++) {
                    sums[2 * k] = b.sum(values, elements - k);
                    sums[2 * k + 1] = b.sumOfSquares(values, elements - k);
                }
                return sums;
            });
            float[] x = random.uniform(elements, -6, 6);
            float[] dout = random.uniform(elements, -1, 1);
            float[] dx = random.uniform(elements, -1, 1);
            kernels.put("geluForward", b -> {
                Storage out = b.allocate(elements);
                b.geluForward(out, b.fromArray(x), elements);
                return doubles(b.toArray(out));
            });
            kernels.put("geluBackward", b -> {
                Storage grad = b.fromArray(dx);
                b.geluBackward(grad, b.fromArray(x), b.fromArray(dout), elements);
                return doubles(b.toArray(grad));
            });

            // [rows, n] logits, probabilities and layer-norm inputs, rows ending in a vector tail. A last bit
            // that changes inside a log-sum-exp shows in a loss once in a few rows: many rows, and logits
            // near 0, where the losses' ulp is fine.
            int rows = 64;
            int n = 37;
            float[] logits = random.uniform(rows * n, -2, 2);
            float[] rowsDout = random.uniform(rows * n, -1, 1);
            float[] rowsDx = random.uniform(rows * n, -1, 1);
            float[] bias = random.uniform(n, -1, 1);
            kernels.put("biasGeluForward", b -> {
                Storage out = b.allocate(rows * n);
                Storage pre = b.fromArray(logits);
                b.biasGeluForward(out, pre, b.fromArray(bias), rows, n);
                return doubles(b.toArray(out), b.toArray(pre));
            });
            kernels.put("rowSum", b -> {
                Storage out = b.allocate(rows);
                b.rowSum(out, b.fromArray(logits), rows, n);
                return doubles(b.toArray(out));
            });
            kernels.put("softmax, softmaxBackward", b -> {
                Storage p = b.allocate(rows * n);
                b.softmax(p, b.fromArray(logits), rows, n);
                Storage grad = b.fromArray(rowsDx);
                b.softmaxBackward(grad, p, b.fromArray(rowsDout), rows, n);
                return doubles(b.toArray(p), b.toArray(grad));
            });
            kernels.put("logSoftmax, logSoftmaxBackward", b -> {
                Storage logp = b.allocate(rows * n);
                b.logSoftmax(logp, b.fromArray(logits), rows, n);
                Storage grad = b.fromArray(rowsDx);
                b.logSoftmaxBackward(grad, logp, b.fromArray(rowsDout), rows, n);
                return doubles(b.toArray(logp), b.toArray(grad));
            });
            int[] targets = random.indices(rows, n);
            targets[1] = -1;
            float[] dlosses = random.uniform(rows, 0, 2);
            kernels.put("crossEntropyForward", b -> {
                Storage losses = b.allocate(rows);
                b.crossEntropyForward(losses, b.fromArray(logits), targets, rows, n);
                return doubles(b.toArray(losses));
            });
            kernels.put("crossEntropyBackward", b -> {
                Storage grad = b.fromArray(rowsDx);
                b.crossEntropyBackward(grad, b.fromArray(logits), targets, b.fromArray(dlosses), rows, n);
                return doubles(b.toArray(grad));
            });

            float[] normInput = random.normal(rows * n, 0.5, 2);
            float[] weight = random.uniform(n, 0.5, 1.5);
            float[] dweight = random.uniform(n, -1, 1);
            float[] dbias = random.uniform(n, -1, 1);
            kernels.put("layerNormForward, layerNormBackward", b -> {
                Storage out = b.allocate(rows * n);
                Storage mean = b.allocate(rows);
                Storage rstd = b.allocate(rows);
                Storage input = b.fromArray(normInput);
                Storage w = b.fromArray(weight);
                b.layerNormForward(out, mean, rstd, input, w, b.fromArray(bias), rows, n, 1e-5f);
                Storage gradX = b.fromArray(rowsDx);
                Storage gradW = b.fromArray(dweight);
                Storage gradB = b.fromArray(dbias);
                b.layerNormBackward(gradX, gradW, gradB, b.fromArray(rowsDout), input, w, mean, rstd, rows, n);
                return doubles(b.toArray(out), b.toArray(mean), b.toArray(rstd), b.toArray(gradX), b.toArray(gradW),
                        b.toArray(gradB));
            });

            float[] rmsDweight = random.uniform(n, -1, 1);
            kernels.put("rmsNormForward, rmsNormBackward", b -> {
                Storage out = b.allocate(rows * n);
                Storage rstd = b.allocate(rows);
                Storage input = b.fromArray(normInput);
                Storage w = b.fromArray(weight);
                b.rmsNormForward(out, rstd, input, w, rows, n, 1e-6f);
                Storage gradX = b.fromArray(rowsDx);
                Storage gradW = b.fromArray(rmsDweight);
                b.rmsNormBackward(gradX, gradW, b.fromArray(rowsDout), input, w, rstd, rows, n);
                return doubles(b.toArray(out), b.toArray(rstd), b.toArray(gradX), b.toArray(gradW));
            });

            // Gates wide enough that the sigmoid's exp saturates at both ends.
            float[] gate = random.uniform(elements, -20, 20);
            float[] up = random.uniform(elements, -2, 2);
            float[] dup = random.uniform(elements, -1, 1);
            kernels.put("swigluForward", b -> {
                Storage out = b.allocate(elements);
                b.swigluForward(out, b.fromArray(gate), b.fromArray(up), elements);
                return doubles(b.toArray(out));
            });
            kernels.put("swigluBackward", b -> {
                Storage gradGate = b.fromArray(dx);
                Storage gradUp = b.fromArray(dup);
                b.swigluBackward(gradGate, gradUp, b.fromArray(dout), b.fromArray(gate), b.fromArray(up), elements);
                return doubles(b.toArray(gradGate), b.toArray(gradUp));
            });

            // qkv [B, T, 3C] with head size 20 (a vector and a tail); T = 9 packs the keys transposed.
            int batch = 1;
            int t = 9;
            int c = 40;
            int heads = 2;
            float[] qkv = random.uniform(batch * t * 3 * c, -1, 1);
            float[] attentionDout = random.uniform(batch * t * c, -1, 1);
            float[] dqkv = random.uniform(batch * t * 3 * c, -1, 1);
            kernels.put("attentionForward, attentionBackward", b -> {
                Storage out = b.allocate(batch * t * c);
                Storage lse = b.allocate(batch * heads * t);
                Storage input = b.fromArray(qkv);
                b.attentionForward(out, lse, input, batch, t, heads, heads, c / heads);
                Storage grad = b.fromArray(dqkv);
                b.attentionBackward(grad, b.fromArray(attentionDout), input, out, lse, batch, t, heads, heads, c / heads);
                return doubles(b.toArray(out), b.toArray(lse), b.toArray(grad));
            });

            // One decoding query per row against caches [B, maxT, C] holding 0 and 5 positions.
            int[] past = {0, 5};
            int maxT = 8;
            float[] decodeQkv = random.uniform(past.length * 3 * c, -1, 1);
            float[] kCache = random.uniform(past.length * maxT * c, -1, 1);
            float[] vCache = random.uniform(past.length * maxT * c, -1, 1);
            kernels.put("attentionCached", b -> {
                Storage out = b.allocate(past.length * c);
                b.attentionCached(out, b.fromArray(decodeQkv), b.fromArray(kCache), b.fromArray(vCache), past,
                        past.length, 1, heads, heads, c / heads, maxT);
                return doubles(b.toArray(out));
            });
            return kernels;
        }

        private static double[] doubles(float[]... arrays) {
            int length = 0;
            for (float[] array : arrays) {
                length += array.length;
            }
            double[] all = new double[length];
            int at = 0;
            for (float[] array : arrays) {
                for (float value : array) {
                    all[at++] = value;
                }
            }
            return all;
        }
    }
}
