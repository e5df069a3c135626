package dev.score.kernels;

/**
 * The size checks of the attention and rotary ops, shared by every backend so that each refuses the same
 * shapes with the same message.
 */
public final class HeadShapes {
    private HeadShapes() {
    }

    /**
     * How many query heads share each key/value head, {@code heads / kvHeads}, after checking that the
     * sizes are positive and that {@code kvHeads} divides {@code heads}.
     */
    public static int groupSize(int heads, int kvHeads, int headDim) {
        if (heads < 1 || kvHeads < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention needs positive sizes, got heads " + heads + ", kvHeads "
                    + kvHeads + ", headDim " + headDim);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads do not split evenly among " + kvHeads
                    + " key/value heads");
        }
        return heads / kvHeads;
    }

    /** Half of {@code headDim}, the size of a row of the cos and sin tables, after checking the sizes. */
    public static int rotaryHalf(int heads, int headDim) {
        if (heads < 1 || headDim < 2 || headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embedding needs heads ≥ 1 and an even headDim ≥ 2, got "
                    + "heads " + heads + ", headDim " + headDim);
        }
        return headDim / 2;
    }
}
