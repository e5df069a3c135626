package dev.score.cli;

import dev.score.engine.Rng;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Storage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench matmul}: GFLOP/s of one matrix product on random values. */
@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = "Time out[M,N] = op(A)·op(B); prints {\"gflops\": …} (2·M·K·N over the median time).")
final class BenchMatmulCommand implements Callable<Integer> {
    @Range(min = 1, max = 1_048_576)
    @Option(names = "--m", required = true, description = "Rows of the output, 1 to 1048576.")
    int m;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--k", required = true, description = "The inner dimension, 1 to 1048576.")
    int k;

    @Range(min = 1, max = 1_048_576)
    @Option(names = "--n", required = true, description = "Columns of the output, 1 to 1048576.")
    int n;

    @Option(names = "--form", defaultValue = "A_B",
            description = "A_B, A_BT (B stored [N,K]) or AT_B (A stored [K,M]). Default: ${DEFAULT-VALUE}.")
    MatmulForm form;

    @Range(min = 0, minExclusive = true, max = 3600)
    @Option(names = "--seconds", defaultValue = "2", description = "Minimum measuring time, > 0 and ≤ 3600. "
            + "Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if ((long) m * k + (long) k * n + (long) m * n > Bench.MAX_FLOATS) {
            throw new UserError("--m " + m + " --k " + k + " --n " + n + ": the three matrices must hold at most "
                    + Bench.MAX_FLOATS + " floats together (4 GB)");
        }
        try (Backend backend = backendOptions.open()) {
            Rng rng = new Rng(1);
            Storage a = backend.fromArray(gaussian(rng, m * k));
            Storage b = backend.fromArray(gaussian(rng, k * n));
            Storage out = backend.allocate(m * n);
            double flops = 2.0 * m * k * n;
            // About a tenth of the measuring time in warm-up runs, at least two.
            int warmup = (int) Math.max(2, Math.min(50, 2e9 * seconds / flops));
            double median = Bench.medianSeconds(() -> backend.matmul(out, a, b, m, k, n, form, false),
                    warmup, 5, seconds);
            System.out.println("{\"bench\": \"matmul\", \"m\": " + m + ", \"k\": " + k + ", \"n\": " + n
                    + ", \"form\": \"" + form + "\", \"backend\": \"" + backend.describe() + "\", \"ms\": "
                    + Bench.number(median * 1e3, 3) + ", \"gflops\": " + Bench.number(flops / median * 1e-9, 2) + "}");
        }
        return 0;
    }

    private static float[] gaussian(Rng rng, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        return values;
    }
}
