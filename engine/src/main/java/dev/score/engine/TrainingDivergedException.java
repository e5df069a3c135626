package dev.score.engine;

/**
 * A training step met a loss or gradient norm that is not finite. It is thrown before the optimizer
 * touches the weights, so the model in memory and every checkpoint already written stay as they were;
 * the message says which value went bad, and trainers add the step and where their last checkpoint is.
 */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }

    public TrainingDivergedException(String message, TrainingDivergedException cause) {
        super(message, cause);
    }
}
