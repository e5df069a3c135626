package dev.score.rl.task;

/**
 * A two-attempt trace whose second attempt revises the first using only what the problem and the first
 * attempt show (see {@link Task#revision}).
 */
public record Revision(String attempt1, String attempt2) {
}
