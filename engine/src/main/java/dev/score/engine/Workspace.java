package dev.score.engine;

import dev.score.kernels.Backend;
import dev.score.kernels.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation and intermediate-gradient memory reused from one training step to the next, so that a
 * steady loop allocates nothing: a step asks for the same sizes in the same order every time.
 *
 * <p>Operations take their outputs from {@link #output} and gradients from {@link #zeros}. Outside a
 * scope these simply allocate. While a scope of this workspace is open on the calling thread they
 * hand out storages released by earlier scopes, and closing the scope releases everything handed out
 * in it. A size no scope has asked for in the last {@value #KEEP_SCOPES} scopes is let go: a loop whose
 * batches change length (padded to their longest sequence, rounded up; see {@code TokenBatch}) keeps
 * the memory of the few lengths it meets, not of every size it ever saw. Nor does it keep more idle
 * memory than {@link #poolLimit} floats (a quarter of the heap unless told): past that, the sizes the
 * closing scope did not ask for are let go, the longest unasked first, for a model whose one pass of
 * activations is a good part of the heap (a 0.5B model's policy-gradient passes, 1.3 GB each, came in
 * half a dozen shapes over a few steps). A tensor made inside a scope
 * must not be used after the scope closes: read the loss (or the logits) before closing. Parameters,
 * their gradients and optimizer state are allocated outside any scope and never recycled.
 *
 * <pre>{@code
 * Workspace workspace = new Workspace();
 * for (...) {
 *     try (Workspace.Scope step = workspace.open()) {
 *         Tensor loss = model.loss(inputs, targets, batch, t);
 *         loss.backward();
 *         lossValue = loss.item();
 *     }
 *     optimizer.step(lr);
 * }
 * }</pre>
 */
public final class Workspace {

    /** How many scopes a size may go unasked before its storages are let go. */
    static final int KEEP_SCOPES = 32;

    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<Storage>> free = new HashMap<>();
    /** For each size in {@link #free}: the number of the last scope that asked for it. */
    private final Map<Integer, Integer> lastAsked = new HashMap<>();
    private int scopes;
    private final List<Storage> handedOut = new ArrayList<>();
    private Backend backend;
    private boolean scopeOpen;
    private final long poolLimit;

    /** A workspace that keeps idle storages of up to a quarter of the heap's limit. */
    public Workspace() {
        this(Runtime.getRuntime().maxMemory() / 4 / Float.BYTES);
    }

    /** A workspace that keeps idle storages of up to {@code poolLimit} floats beyond those its last scope asked for. */
    Workspace(long poolLimit) {
        this.poolLimit = poolLimit;
    }

    /** While open, the calling thread's operations draw from this workspace. */
    public final class Scope implements AutoCloseable {
        private final Workspace previous;
        private boolean closed;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        /** Releases every storage handed out since {@link #open()}; tensors made in the scope are invalid after. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            handedOut.forEach(Workspace.this::release);
            handedOut.clear();
            lastAsked.values().removeIf(scope -> scopes - scope >= KEEP_SCOPES);
            free.keySet().retainAll(lastAsked.keySet());
            trimToLimit();
            scopes++;
            scopeOpen = false;
            CURRENT.set(previous);
        }
    }

    /** Opens a scope on the calling thread; scopes of one workspace do not nest. */
    public Scope open() {
        if (scopeOpen) {
            throw new IllegalStateException("a scope of this workspace is already open");
        }
        scopeOpen = true;
        Scope scope = new Scope(CURRENT.get());
        CURRENT.set(this);
        return scope;
    }

    /**
     * Gives every storage the calling thread's open scope has handed out, except {@code keep}'s, back to that
     * scope for its next requests: for a pass without gradients, where a layer's activations are dead once
     * the next layer has its input. Every tensor made in the scope but {@code keep} is invalid after. Does
     * nothing outside a scope.
     */
    static void recycleAllBut(Tensor keep) {
        Workspace workspace = CURRENT.get();
        if (workspace == null) {
            return;
        }
        Storage kept = keep.data();
        boolean held = false;
        for (Storage storage : workspace.handedOut) {
            if (storage == kept) {
                held = true;
            } else {
                workspace.release(storage);
            }
        }
        workspace.handedOut.clear();
        if (held) {
            workspace.handedOut.add(kept);
        }
    }

    /** Storage for an operation's output, which the kernel overwrites entirely: contents are arbitrary. */
    static Storage output(Backend backend, int size) {
        Workspace workspace = CURRENT.get();
        return workspace == null ? backend.allocate(size) : workspace.take(backend, size);
    }

    /** Storage of zeros, for a gradient that kernels add into. */
    static Storage zeros(Backend backend, int size) {
        Workspace workspace = CURRENT.get();
        if (workspace == null) {
            return backend.allocate(size);
        }
        Storage storage = workspace.take(backend, size);
        backend.fill(storage, 0f);
        return storage;
    }

    /**
     * Lets go of the free storages of sizes the closing scope did not ask for, least recently asked first,
     * while the free ones hold more than {@link #poolLimit} floats.
     */
    private void trimToLimit() {
        long pooled = 0;
        for (Map.Entry<Integer, ArrayDeque<Storage>> entry : free.entrySet()) {
            pooled += (long) entry.getKey() * entry.getValue().size();
        }
        if (pooled <= poolLimit) {
            return;
        }
        List<Integer> idle = new ArrayList<>(free.keySet());
        idle.removeIf(size -> lastAsked.get(size) == scopes);
        idle.sort(Comparator.comparing(lastAsked::get));
        for (int size : idle) {
            if (pooled <= poolLimit) {
                return;
            }
            pooled -= (long) size * free.remove(size).size();
            lastAsked.remove(size);
        }
    }

    /** Puts {@code storage} back among the free ones of its size, for the next request of that size. */
    private void release(Storage storage) {
        free.computeIfAbsent(storage.size(), size -> new ArrayDeque<>()).push(storage);
    }

    private Storage take(Backend requester, int size) {
        if (backend == null) {
            backend = requester;
        } else if (backend != requester) {
            throw new IllegalStateException("a workspace serves one backend");
        }
        lastAsked.put(size, scopes);
        ArrayDeque<Storage> candidates = free.get(size);
        Storage storage = candidates == null || candidates.isEmpty() ? requester.allocate(size) : candidates.pop();
        handedOut.add(storage);
        return storage;
    }
}
