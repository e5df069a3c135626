package dev.score.engine;

import static dev.score.engine.ParityFixtures.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.score.engine.io.SafeTensorsFile;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Backends;
import dev.score.kernels.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each kernel's values and gradients against PyTorch (computed in float64 from the same float32
 * inputs), on both backends. Tolerance: 1e-5 absolute plus 1e-4 relative, a few float32 ulps over the
 * reductions involved; a wrong kernel misses by orders of magnitude more.
 */
class OpsParityTest {
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-4;
    private static final SafeTensorsFile T = ParityFixtures.tensors("ops.safetensors");
    private static final JsonNode CASES = ParityFixtures.json("ops.json");

    @TestFactory
    List<DynamicTest> everyOpOnEveryBackend() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String backendName : List.of("scalar", "vector")) {
            add(tests, backendName, "matmul_ab", (be, c) -> matmul(be, "matmul_ab", MatmulForm.A_B, c));
            add(tests, backendName, "matmul_abt", (be, c) -> matmul(be, "matmul_abt", MatmulForm.A_BT, c));
            add(tests, backendName, "matmul_atb", (be, c) -> matmul(be, "matmul_atb", MatmulForm.AT_B, c));
            add(tests, backendName, "layernorm", OpsParityTest::layerNorm);
            add(tests, backendName, "gelu", OpsParityTest::gelu);
            add(tests, backendName, "attention", OpsParityTest::attention);
            add(tests, backendName, "softmax", OpsParityTest::softmax);
            add(tests, backendName, "log_softmax", OpsParityTest::logSoftmax);
            add(tests, backendName, "cross_entropy", OpsParityTest::crossEntropy);
            add(tests, backendName, "embedding", OpsParityTest::embedding);
            add(tests, backendName, "adamw", OpsParityTest::adamW);
        }
        return tests;
    }

    private static void add(List<DynamicTest> tests, String backendName, String op, BiConsumer<Backend, JsonNode> check) {
        tests.add(DynamicTest.dynamicTest(op + " on " + backendName, () -> {
            try (Backend backend = Backends.create(backendName, 2)) {
                check.accept(backend, CASES.get(op));
            }
        }));
    }

    private static void matmul(Backend be, String name, MatmulForm form, JsonNode c) {
        int m = c.get("M").asInt();
        int k = c.get("K").asInt();
        int n = c.get("N").asInt();
        Storage a = in(be, name + ".a");
        Storage b = in(be, name + ".b");
        Storage out = be.allocate(m * n);
        be.matmul(out, a, b, m, k, n, form, false);
        check(be, out, name + ".out");
        // The backward pass through the autograd op, which picks the transposed forms itself.
        Tensor ta = fixtureTensor(be, name + ".a");
        Tensor tb = fixtureTensor(be, name + ".b");
        Ops.matmul(ta, tb, form).backward(T.floats(name + ".dout"));
        assertClose(T.floats(name + ".da"), ta.gradToArray(), ATOL, RTOL, name + ".da");
        assertClose(T.floats(name + ".db"), tb.gradToArray(), ATOL, RTOL, name + ".db");
    }

    private static void layerNorm(Backend be, JsonNode c) {
        int rows = c.get("rows").asInt();
        int cols = c.get("cols").asInt();
        Storage x = in(be, "layernorm.x");
        Storage w = in(be, "layernorm.weight");
        Storage b = in(be, "layernorm.bias");
        Storage out = be.allocate(rows * cols);
        Storage mean = be.allocate(rows);
        Storage rstd = be.allocate(rows);
        be.layerNormForward(out, mean, rstd, x, w, b, rows, cols, (float) c.get("eps").asDouble());
        check(be, out, "layernorm.out");
        check(be, mean, "layernorm.mean");
        check(be, rstd, "layernorm.rstd");
        Storage dx = be.allocate(rows * cols);
        Storage dw = be.allocate(cols);
        Storage db = be.allocate(cols);
        be.layerNormBackward(dx, dw, db, in(be, "layernorm.dout"), x, w, mean, rstd, rows, cols);
        check(be, dx, "layernorm.dx");
        check(be, dw, "layernorm.dweight");
        check(be, db, "layernorm.dbias");
    }

    private static void gelu(Backend be, JsonNode c) {
        int n = c.get("n").asInt();
        Storage x = in(be, "gelu.x");
        Storage out = be.allocate(n);
        be.geluForward(out, x, n);
        check(be, out, "gelu.out");
        Storage dx = be.allocate(n);
        be.geluBackward(dx, x, in(be, "gelu.dout"), n);
        check(be, dx, "gelu.dx");
    }

    private static void attention(Backend be, JsonNode c) {
        int batch = c.get("B").asInt();
        int t = c.get("T").asInt();
        int cols = c.get("C").asInt();
        int heads = c.get("n_head").asInt();
        Storage qkv = in(be, "attention.qkv");
        Storage out = be.allocate(batch * t * cols);
        Storage lse = be.allocate(batch * heads * t);
        // GPT-2's layout: as many key/value heads as query heads, each C / heads wide.
        be.attentionForward(out, lse, qkv, batch, t, heads, heads, cols / heads);
        check(be, out, "attention.out");
        check(be, lse, "attention.lse");
        Storage dqkv = be.allocate(batch * t * 3 * cols);
        be.attentionBackward(dqkv, in(be, "attention.dout"), qkv, out, lse, batch, t, heads, heads, cols / heads);
        check(be, dqkv, "attention.dqkv");
    }

    private static void softmax(Backend be, JsonNode c) {
        int rows = c.get("rows").asInt();
        int cols = c.get("cols").asInt();
        Storage out = be.allocate(rows * cols);
        be.softmax(out, in(be, "softmax.x"), rows, cols);
        check(be, out, "softmax.out");
        Storage dx = be.allocate(rows * cols);
        be.softmaxBackward(dx, out, in(be, "softmax.dout"), rows, cols);
        check(be, dx, "softmax.dx");
    }

    private static void logSoftmax(Backend be, JsonNode c) {
        int rows = c.get("rows").asInt();
        int cols = c.get("cols").asInt();
        Storage out = be.allocate(rows * cols);
        be.logSoftmax(out, in(be, "log_softmax.x"), rows, cols);
        check(be, out, "log_softmax.out");
        Storage dx = be.allocate(rows * cols);
        be.logSoftmaxBackward(dx, out, in(be, "log_softmax.dout"), rows, cols);
        check(be, dx, "log_softmax.dx");
    }

    private static void crossEntropy(Backend be, JsonNode c) {
        int rows = c.get("rows").asInt();
        int classes = c.get("classes").asInt();
        int[] targets = ParityFixtures.ints(c.get("targets"));
        Storage logits = in(be, "cross_entropy.logits");
        Storage losses = be.allocate(rows);
        be.crossEntropyForward(losses, logits, targets, rows, classes);
        check(be, losses, "cross_entropy.losses");
        Storage dlogits = be.allocate(rows * classes);
        be.crossEntropyBackward(dlogits, logits, targets, in(be, "cross_entropy.dlosses"), rows, classes);
        check(be, dlogits, "cross_entropy.dlogits");
    }

    private static void embedding(Backend be, JsonNode c) {
        int dim = c.get("dim").asInt();
        int[] index = ParityFixtures.ints(c.get("index"));
        Storage out = be.allocate(index.length * dim);
        be.gatherRows(out, in(be, "embedding.table"), index, index.length, dim);
        check(be, out, "embedding.out");
        Storage dtable = be.allocate(c.get("rows").asInt() * dim);
        be.scatterAddRows(dtable, in(be, "embedding.dout"), index, index.length, dim);
        check(be, dtable, "embedding.dtable");
    }

    private static void adamW(Backend be, JsonNode c) {
        int n = c.get("n").asInt();
        float lr = (float) c.get("lr").asDouble();
        float beta1 = (float) c.get("betas").get(0).asDouble();
        float beta2 = (float) c.get("betas").get(1).asDouble();
        float eps = (float) c.get("eps").asDouble();
        float wd = (float) c.get("weight_decay").asDouble();
        Storage p = in(be, "adamw.param");
        Storage m = be.allocate(n);
        Storage v = be.allocate(n);
        for (int step = 1; step <= 2; step++) {
            be.adamW(p, in(be, "adamw.g" + step), m, v, n, lr, beta1, beta2, eps, wd, step);
            check(be, p, "adamw.step" + step + ".param");
            check(be, m, "adamw.step" + step + ".exp_avg");
            check(be, v, "adamw.step" + step + ".exp_avg_sq");
        }
    }

    private static Storage in(Backend be, String name) {
        return be.fromArray(T.floats(name));
    }

    private static void check(Backend be, Storage actual, String name) {
        assertClose(T.floats(name), be.toArray(actual), ATOL, RTOL, name);
    }

    private static Tensor fixtureTensor(Backend be, String name) {
        String[] parts = name.split("\\.", 2);
        int[] shape = ParityFixtures.ints(CASES.get(parts[0]).get("tensors").get(parts[1]));
        return Tensor.of(be, T.floats(name), true, shape);
    }
}
