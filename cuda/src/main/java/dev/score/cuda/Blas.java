package dev.score.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The one cuBLAS routine the backend needs, single-precision GEMM (column-major, as cuBLAS is), behind two
 * bindings: JCublas, whose native library links libcuBLAS 12 and so loads only where CUDA 12's cuBLAS is
 * installed, and {@link ForeignCublas}, a java.lang.foreign binding of the same few functions against
 * whichever libcublas.so is there (13 on a CUDA 13 machine). Both run on the legacy default stream, the one
 * stream of the backend's kernels and copies, and keep cuBLAS's default math mode: no TF32.
 */
interface Blas extends AutoCloseable {

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}, column-major, {@code op(A)} {@code [m, k]}, {@code op(B)}
     * {@code [k, n]}, C {@code [m, n]}: cublasSgemm.
     */
    void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, CudaStorage a, int lda,
            CudaStorage b, int ldb, float beta, CudaStorage c, int ldc);

    /** E.g. {@code "cuBLAS 13.0 via java.lang.foreign"}. */
    String describe();

    @Override
    void close();

    /**
     * Opens cuBLAS on the calling thread's current context: JCublas where its library loads, else the
     * java.lang.foreign binding.
     *
     * @throws IllegalStateException naming why each binding failed, when neither loads
     */
    static Blas open() {
        List<String> failures = new ArrayList<>();
        try {
            return JCublasBlas.open();
        } catch (LinkageError e) {
            failures.add("JCublas: " + Reasons.oneLine(e));
        }
        try {
            return ForeignCublas.open();
        } catch (IllegalStateException | IllegalArgumentException e) {
            failures.add("java.lang.foreign: " + Reasons.oneLine(e));
        }
        throw new IllegalStateException("no cuBLAS library loads (" + String.join("; ", failures) + ")");
    }
}
