package dev.score.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasGetVersion;
import static jcuda.jcublas.JCublas2.cublasSetMathMode;
import static jcuda.jcublas.JCublas2.cublasSgemm;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;

/** cuBLAS through JCublas 12.6, where its native library (which links libcublas.so.12) loads. */
final class JCublasBlas implements Blas {

    private final cublasHandle handle = new cublasHandle();
    private final int version;
    private boolean closed;

    private JCublasBlas() {
        cublasCreate(handle);
        cublasSetMathMode(handle, cublasMath.CUBLAS_DEFAULT_MATH);
        int[] v = new int[1];
        cublasGetVersion(handle, v);
        version = v[0];
    }

    /**
     * @throws LinkageError when JCublas's native library or the libcublas.so.12 it links does not load
     */
    static JCublasBlas open() {
        JCublas2.setExceptionsEnabled(true);
        return new JCublasBlas();
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, CudaStorage a,
            int lda, CudaStorage b, int ldb, float beta, CudaStorage c, int ldc) {
        cublasSgemm(handle, operation(transposeA), operation(transposeB), m, n, k, Pointer.to(new float[] {alpha}),
                a.pointer(), lda, b.pointer(), ldb, Pointer.to(new float[] {beta}), c.pointer(), ldc);
    }

    private static int operation(boolean transpose) {
        return transpose ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    }

    @Override
    public String describe() {
        return "cuBLAS " + CublasVersion.text(version) + " via JCublas";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cublasDestroy(handle);
        }
    }
}
