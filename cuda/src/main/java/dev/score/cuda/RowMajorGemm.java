package dev.score.cuda;

import dev.score.kernels.Backend.MatmulForm;

/**
 * A row-major product as cuBLAS's column-major sgemm: a row-major {@code C[M,N]} is, read column-major,
 * {@code Cᵀ[N,M]}, so {@code C = op(A)·op(B)} is computed as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: the operands
 * swapped, each read in place with a transpose flag, no copy made.
 *
 * @param transposeB whether cuBLAS transposes its first operand, B
 * @param transposeA whether cuBLAS transposes its second operand, A
 * @param ldb        leading dimension of B as stored (its row length)
 * @param lda        leading dimension of A as stored (its row length)
 * @param ldc        leading dimension of C, {@code N}
 */
record RowMajorGemm(boolean transposeB, boolean transposeA, int ldb, int lda, int ldc) {

    /**
     * The call for {@code form}. cuBLAS's (m, n, k) are then ({@code n}, {@code m}, {@code k}).
     * <ul>
     *   <li>{@code A_B}: B[K,N] read column-major is Bᵀ[N,K] (ld N) and A[M,K] is Aᵀ[K,M] (ld K): no transposes.
     *   <li>{@code A_BT}: B is stored [N,K]; read column-major it is [K,N] (ld K), transposed to the [N,K] that
     *       op(B)ᵀ is.
     *   <li>{@code AT_B}: A is stored [K,M]; read column-major it is [M,K] (ld M), transposed to the [K,M] that
     *       op(A)ᵀ is.
     * </ul>
     */
    static RowMajorGemm of(MatmulForm form, int m, int k, int n) {
        return switch (form) {
            case A_B -> new RowMajorGemm(false, false, n, k, n);
            case A_BT -> new RowMajorGemm(true, false, k, k, n);
            case AT_B -> new RowMajorGemm(false, true, n, m, n);
        };
    }
}
