package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.RandomArrays;
import dev.score.kernels.ScalarBackend;
import dev.score.kernels.Storage;
import org.junit.jupiter.api.Test;

/**
 * The transpose trick without a GPU: the call {@link RowMajorGemm} makes, run through a plain
 * column-major sgemm written as BLAS defines it, gives the reference's row-major product for every form.
 */
class RowMajorGemmTest {

    /** BLAS sgemm, column-major: C[m,n] = alpha·op(A)·op(B) + beta·C, op(X)[i,p] read through lda/ldb. */
    private static void columnMajorSgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
            float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double acc = 0.0;
                for (int p = 0; p < k; p++) {
                    float x = transposeA ? a[p + i * lda] : a[i + p * lda];
                    float y = transposeB ? b[j + p * ldb] : b[p + j * ldb];
                    acc += (double) x * y;
                }
                c[i + j * ldc] = (float) (alpha * acc + (beta == 0f ? 0.0 : beta * c[i + j * ldc]));
            }
        }
    }

    @Test
    void everyFormMatchesTheReference() {
        RandomArrays random = new RandomArrays(17);
        ScalarBackend scalar = new ScalarBackend();
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {7, 3, 5}, {5, 7, 3}, {16, 1, 9}};
        for (MatmulForm form : MatmulForm.values()) {
            for (int[] shape : shapes) {
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                float[] a = random.uniform(m * k, -1, 1);
                float[] b = random.uniform(k * n, -1, 1);
                Storage expected = scalar.allocate(m * n);
                scalar.matmul(expected, scalar.fromArray(a), scalar.fromArray(b), m, k, n, form, false);

                RowMajorGemm call = RowMajorGemm.of(form, m, k, n);
                float[] c = new float[m * n];
                // As CudaBackend calls it: cuBLAS's (m, n) are (N, M), its first operand is B.
                columnMajorSgemm(call.transposeB(), call.transposeA(), n, m, k, 1f, b, call.ldb(), a, call.lda(), 0f, c,
                        call.ldc());
                assertArrayEquals(scalar.toArray(expected), c, 1e-6f, form + " " + m + "x" + k + "x" + n);
            }
        }
    }
}
