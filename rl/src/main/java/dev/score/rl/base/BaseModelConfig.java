package dev.score.rl.base;

/**
 * How the base model is made: its tokenizer, its shape, the traces it imitates (see {@link BaseTraces})
 * and the optimization. The defaults fit the 10-minute budget of a 2-core machine.
 */
public record BaseModelConfig(
        int vocabSize,
        int layers,
        int dim,
        int heads,
        int context,
        int batch,
        int steps,
        double learningRate,
        int warmupSteps,
        double weightDecay,
        double errorRate,
        double copyRate,
        int trainProblems,
        int tokenizerTraces,
        long seed) {

    public static BaseModelConfig defaults() {
        return new BaseModelConfig(512, 4, 128, 4, 256, 32, 800, 3e-3, 80, 0.1, 0.5, 0.8, 20_000, 2_000, 1);
    }

    public BaseModelConfig {
        positive("vocab size", vocabSize);
        positive("layers", layers);
        positive("dim", dim);
        positive("heads", heads);
        positive("context", context);
        positive("batch", batch);
        positive("steps", steps);
        positive("train problems", trainProblems);
        positive("tokenizer traces", tokenizerTraces);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
    }

    public BaseModelConfig withSteps(int newSteps) {
        return new BaseModelConfig(vocabSize, layers, dim, heads, context, batch, newSteps, learningRate,
                warmupSteps, weightDecay, errorRate, copyRate, trainProblems, tokenizerTraces, seed);
    }

    private static void positive(String what, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + value);
        }
    }
}
