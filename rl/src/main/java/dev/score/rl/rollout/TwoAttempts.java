package dev.score.rl.rollout;

import dev.score.engine.Sampler.Completion;
import java.io.Serializable;

/** What one row of a rollout batch drew: attempt 1, then attempt 2 after the instruction turn. */
public record TwoAttempts(Completion attempt1, Completion attempt2) implements Serializable {
}
