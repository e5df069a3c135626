package dev.score.rl.rollout;

import dev.score.rl.protocol.Conversation;
import dev.score.rl.task.Problem;
import java.io.Serializable;

/**
 * One sampled two-attempt conversation: the tokens, each attempt's text and reward, and the log-probability
 * of every attempt token under the policy that drew it ({@code samplerLogProbs[i]} belongs to token
 * {@code attempt1Start + i} for attempt 1, then to attempt 2's tokens).
 */
public record Rollout(Problem problem, Conversation conversation, String attempt1, String attempt2, double reward1,
        double reward2, float[] samplerLogProbs) implements Serializable {
}
