package dev.score.kernels;

/** The k3 estimator of {@link Backend#k3}, one loop for both CPU backends so that they agree to the bit. */
final class KlTerms {
    private KlTerms() {
    }

    static void k3(float[] values, float[] slopes, float[] logProbs, float[] referenceLogProbs, boolean[] counted,
            int from, int to) {
        for (int i = from; i < to; i++) {
            if (counted[i]) {
                double delta = referenceLogProbs[i] - logProbs[i];
                values[i] = (float) (Math.expm1(delta) - delta);
                slopes[i] = (float) -Math.expm1(delta);
            } else {
                values[i] = 0f;
                slopes[i] = 0f;
            }
        }
    }
}
