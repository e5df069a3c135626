package dev.score.kernels;

import dev.score.kernels.Backend.MatmulForm;

/**
 * The B operand of {@link Backend#matmul}, packed once by {@link Backend#pack} for many products:
 * {@code op(B)} is {@code [k, n]}, stored as {@link #form()} says. It is a storage only so that a
 * tensor of B's shape can hold it (its {@link #size()} is {@code k·n}, whatever padding the packing
 * adds); every operation but matmul's B operand refuses it.
 */
public interface PackedMatrix extends Storage {

    @Override
    default int size() {
        return k() * n();
    }

    /** Rows of {@code op(B)}: the inner dimension of the products. */
    int k();

    /** Columns of {@code op(B)}: the columns of the products. */
    int n();

    /** The form of the products this matrix was packed for. */
    MatmulForm form();

    /** Fails unless this matrix was packed for products of this inner dimension, width and form. */
    default void checkFits(int k, int n, MatmulForm form) {
        if (k != k() || n != n() || form != form()) {
            throw new IllegalArgumentException("a matrix packed as op(B)[" + k() + ", " + n() + "] for " + form()
                    + " cannot be the B of a product with op(B)[" + k + ", " + n + "] in form " + form);
        }
    }
}
