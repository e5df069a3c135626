package dev.score.engine;

import dev.score.kernels.Backend.MatmulForm;

/**
 * A model's decoding steps over a snapshot of its weights: the matrices of every block and of the output
 * head packed ({@link Tensor#packed}) for the many small products of token-by-token decoding, where packing
 * them anew at each step took an eighth of the time of sampling. Later changes to the model's weights (a
 * training step) are not seen until the model's {@code decoder()} refreshes the snapshot, in the same memory.
 */
final class CachedDecoder extends Decoder {

    /** The model's embeddings and blocks over packed weights: {@code [rows, C]} after the final norm. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs {@code tokens} at {@code positions} with {@code attention}, handing each block's output to
         * {@link Workspace#recycleAllBut} before the next block runs.
         */
        Tensor transform(int[] tokens, int[] positions, TransformerBlock.Attention attention);
    }

    private final TransformerLm model;
    private final Body body;
    private final Tensor head; // [V, C] packed as the B of h·headᵀ
    /** Each step's positions {@code [B·tq]} and read rows {@code [B]}, kept so that a step allocates none. */
    private int[] positions = new int[0];
    private int[] rows = new int[0];

    CachedDecoder(TransformerLm model, Body body, Tensor head) {
        this.model = model;
        this.body = body;
        this.head = head;
    }

    /**
     * {@inheritDoc} Inside a workspace's scope, the tensors this step makes but does not return are
     * recycled as it goes: anything else made earlier in that scope must not be needed after.
     */
    @Override
    public Tensor decode(int[] tokens, int tq, int[] readAt, KvCache cache) {
        int batch = cache.batch();
        model.checkShape(tokens, batch, tq);
        try (GradMode.Scope off = GradMode.disabled()) {
            int nPositions = model.config().nPositions();
            if (positions.length != batch * tq) {
                positions = new int[batch * tq];
            }
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < tq; i++) {
                    // Padding past a row's real tokens may run beyond the context; its output is never read.
                    positions[b * tq + i] = Math.min(cache.length(b) + i, nPositions - 1);
                }
            }
            // Without gradients nothing a block made is read again but its output: the next block takes the
            // memory of the others, so a prefill holds two blocks' activations at a time, not every block's
            // (for 64 prompts of 16 tokens through GPT-2 124M, 0.5 GB).
            Tensor h = body.transform(tokens, positions, (layer, qkv) -> cache.attend(layer, qkv, tq));
            if (rows.length != batch) {
                rows = new int[batch];
            }
            for (int b = 0; b < batch; b++) {
                if (readAt[b] < 0 || readAt[b] >= tq) {
                    throw new IllegalArgumentException("readAt[" + b + "] = " + readAt[b] + " is outside [0, " + tq + ")");
                }
                rows[b] = b * tq + readAt[b];
            }
            return Ops.matmul(Ops.embedding(h, rows), head, MatmulForm.A_BT);
        }
    }
}
