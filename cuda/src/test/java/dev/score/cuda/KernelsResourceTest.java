package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fatbin rides in the module's classes where nvcc was on the build's PATH, with every kernel the backend names. */
class KernelsResourceTest {

    private static final List<String> KERNELS = List.of("add_kernel", "mul_kernel", "axpy_kernel", "scale_kernel",
            "exp_kernel", "gelu_forward", "gelu_backward", "bias_gelu_forward", "swiglu_forward", "swiglu_backward",
            "add_bias", "bias_backward", "layer_norm_forward", "layer_norm_backward_dx", "layer_norm_backward_params",
            "rms_norm_forward", "rms_norm_backward_dx", "rms_norm_backward_weight", "softmax_forward",
            "softmax_backward", "log_softmax_forward", "log_softmax_backward", "cross_entropy_forward",
            "cross_entropy_backward", "rotary", "gather_rows", "scatter_add_rows", "attention_forward",
            "attention_backward_dq", "attention_backward_dkv", "attention_cache_write", "attention_cached", "adamw",
            "row_sum", "sum_partials", "sum_finish", "mask_values", "scale_rows", "k3_terms", "store_scaled_sum",
            "add_in_order", "argmax_rows", "draw_rows");

    private static boolean nvccOnPath() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(folder -> new File(folder, "nvcc").canExecute());
    }

    @Test
    void theFatbinHoldsEveryKernelWhereNvccRan() {
        assumeTrue(nvccOnPath(), "nvcc is not on the PATH, so the build made no fatbin");
        byte[] fatbin = CudaDevice.fatbin().orElseThrow(() -> new AssertionError("no " + CudaDevice.FATBIN));
        // The kernels' extern "C" names appear verbatim in the SASS symbol table and the PTX.
        String contents = new String(fatbin, StandardCharsets.ISO_8859_1);
        for (String kernel : KERNELS) {
            assertTrue(contents.contains(kernel), kernel + " is missing from the fatbin");
        }
    }
}
