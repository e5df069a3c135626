package dev.score.engine;

/**
 * Decoding steps of a {@link CausalLm} with a key/value cache and no gradients, and the memory its
 * generations reuse from one to the next: the activations of prefills and of one-token steps (two
 * workspaces, since a generation makes one prefill and many steps of other sizes, and a workspace lets go
 * of sizes its last few scopes did not ask for) and the host arrays of {@link Sampler}'s loop. One per
 * model, used from one thread at a time (a second would find a workspace's scope open).
 */
public abstract class Decoder {
    private final Workspace prefills = new Workspace();
    private final Workspace steps = new Workspace();
    private final GenerationBuffers generationBuffers = new GenerationBuffers();

    /**
     * One decoding step: feeds {@code tokens[B·tq]} at each row's current cache length and returns the
     * logits {@code [B, V]} at position {@code readAt[b]} (in {@code [0, tq)}) of each row. The cache's
     * lengths are left to the caller.
     */
    public abstract Tensor decode(int[] tokens, int tq, int[] readAt, KvCache cache);

    /** Where a prefill's activations come from ({@code prefill}), or a one-token step's. */
    Workspace workspace(boolean prefill) {
        return prefill ? prefills : steps;
    }

    /** The host arrays of {@link Sampler}'s decoding loop. */
    GenerationBuffers generationBuffers() {
        return generationBuffers;
    }
}
