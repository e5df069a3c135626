package dev.score.engine;

import dev.score.engine.io.FloatValues;
import dev.score.kernels.Backend;
import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A float32 tensor on a backend, and a node of the reverse-mode autograd graph.
 *
 * <p>A tensor made by an operation while gradients are enabled remembers its inputs and a
 * {@link GradFn} that pushes its gradient back to them (micrograd's design, on whole tensors).
 * {@link #backward()} walks the graph once in reverse topological order; gradients of leaves
 * accumulate across calls until {@link #zeroGrad()}, gradients of intermediate tensors are dropped
 * as soon as they have been used, and so is the graph.
 */
public final class Tensor {

    /** Pushes {@code out}'s gradient into the gradients of its inputs. */
    @FunctionalInterface
    public interface GradFn {
        void backward(Tensor out);
    }

    private final Backend backend;
    private final int[] shape;
    private final Storage data;
    private final boolean requiresGrad;
    private Storage grad;
    private List<Tensor> inputs;
    private GradFn gradFn;

    private Tensor(Backend backend, int[] shape, Storage data, boolean requiresGrad, List<Tensor> inputs,
            GradFn gradFn) {
        int size = sizeOf(shape);
        if (data.size() != size) {
            throw new IllegalArgumentException(
                    "storage of " + data.size() + " floats cannot hold shape " + Arrays.toString(shape));
        }
        this.backend = backend;
        this.shape = shape.clone();
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.inputs = inputs;
        this.gradFn = gradFn;
    }

    /** A leaf holding {@code values}; a parameter when {@code requiresGrad}. */
    public static Tensor of(Backend backend, float[] values, boolean requiresGrad, int... shape) {
        return new Tensor(backend, shape, backend.fromArray(values), requiresGrad, List.of(), null);
    }

    /**
     * A constant copy of the matrix {@code b} packed by its backend as the B operand of products in
     * {@code form} ({@link Backend#pack}), with {@code b}'s shape: {@code [K,N]}, or {@code [N,K]} for
     * {@code A_BT}. Only {@link Ops#matmul} and {@link FusedOps} products can read it.
     */
    static Tensor packed(Tensor b, MatmulForm form) {
        if (b.shape.length != 2) {
            throw new IllegalArgumentException("only a matrix can be packed, not " + Arrays.toString(b.shape));
        }
        int k = form == MatmulForm.A_BT ? b.shape[1] : b.shape[0];
        int n = form == MatmulForm.A_BT ? b.shape[0] : b.shape[1];
        return new Tensor(b.backend, b.shape, b.backend.pack(b.data, k, n, form), false, List.of(), null);
    }

    /**
     * The result of an operation over {@code inputs}, written into {@code data}. It joins the graph
     * (and so needs a gradient) only when gradients are enabled and some input needs one.
     */
    static Tensor result(Storage data, int[] shape, GradFn gradFn, Tensor... inputs) {
        boolean track = GradMode.isEnabled() && Arrays.stream(inputs).anyMatch(t -> t.requiresGrad);
        Backend backend = inputs[0].backend;
        return track
                ? new Tensor(backend, shape, data, true, List.of(inputs), gradFn)
                : new Tensor(backend, shape, data, false, List.of(), null);
    }

    public Backend backend() {
        return backend;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int size() {
        return data.size();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The values' storage; engine code reads it through the backend. */
    public Storage data() {
        return data;
    }

    /**
     * The gradient's storage, allocated as zeros on first use: an intermediate tensor's from the
     * current {@link Workspace}, a leaf's (a parameter's) always anew, since it outlives the step.
     */
    public Storage grad() {
        if (grad == null) {
            grad = gradFn != null ? Workspace.zeros(backend, data.size()) : backend.allocate(data.size());
        }
        return grad;
    }

    public boolean hasGrad() {
        return grad != null;
    }

    /** A host copy of the values. */
    public float[] toArray() {
        return backend.toArray(data);
    }

    /** This tensor's values, read a range at a time from its backend: a checkpoint writes them without a host copy. */
    public FloatValues values() {
        return valuesOf(backend, data);
    }

    /** {@code storage}'s values on {@code backend}, as {@link #values()} reads them. */
    static FloatValues valuesOf(Backend backend, Storage storage) {
        return new FloatValues() {
            @Override
            public int size() {
                return storage.size();
            }

            @Override
            public void read(int from, float[] dst, int count) {
                backend.copyToHost(storage, from, dst, count);
            }
        };
    }

    /** A host copy of the gradient (zeros when none has been computed). */
    public float[] gradToArray() {
        return grad == null ? new float[data.size()] : backend.toArray(grad);
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.size() != 1) {
            throw new IllegalStateException("item() of a tensor of shape " + Arrays.toString(shape));
        }
        return toArray()[0];
    }

    /** Overwrites the values from the host (e.g. when loading a checkpoint). */
    public void set(float[] values) {
        if (values.length != data.size()) {
            throw new IllegalArgumentException("expected " + data.size() + " values, got " + values.length);
        }
        backend.copy(backend.fromArray(values), 0, data, 0, values.length);
    }

    /** Overwrites the gradient from the host (e.g. the sum of a data-parallel step's workers' gradients). */
    public void setGrad(float[] values) {
        if (values.length != data.size()) {
            throw new IllegalArgumentException("expected " + data.size() + " gradient values, got " + values.length);
        }
        backend.copy(backend.fromArray(values), 0, grad(), 0, values.length);
    }

    public void zeroGrad() {
        if (grad != null) {
            backend.fill(grad, 0f);
        }
    }

    /** The same values seen with another shape of equal size; gradients flow through unchanged. */
    public Tensor view(int... newShape) {
        if (sizeOf(newShape) != data.size()) {
            throw new IllegalArgumentException(
                    "cannot view " + Arrays.toString(shape) + " as " + Arrays.toString(newShape));
        }
        return result(data, newShape, out -> backend.axpy(grad(), 1f, out.grad(), data.size()), this);
    }

    /** Backpropagates from this one-element tensor (a loss) with gradient 1. */
    public void backward() {
        if (data.size() != 1) {
            throw new IllegalStateException("backward() needs a scalar, not " + Arrays.toString(shape));
        }
        backward(new float[] {1f});
    }

    /** Backpropagates from this tensor given the gradient of some scalar with respect to it. */
    public void backward(float[] gradient) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a tensor that does not require a gradient");
        }
        if (gradient.length != data.size()) {
            throw new IllegalArgumentException(
                    "a gradient of " + gradient.length + " values for shape " + Arrays.toString(shape));
        }
        backend.axpy(grad(), 1f, backend.fromArray(gradient), gradient.length);
        for (Tensor node : reverseTopologicalOrder()) {
            if (node.gradFn != null) {
                node.gradFn.backward(node);
                // The graph is used once: free the intermediate gradient and the references that keep
                // activations alive.
                node.gradFn = null;
                node.inputs = List.of();
                node.grad = null;
            }
        }
    }

    /** Nodes reachable from this one, each after every node that consumes it. */
    private List<Tensor> reverseTopologicalOrder() {
        List<Tensor> postOrder = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        // Iterative depth-first search: a deep model would overflow the stack with recursion.
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        visited.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor node = (Tensor) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputs.size()) {
                frame[1] = next + 1;
                Tensor input = node.inputs.get(next);
                if (input.requiresGrad && visited.add(input)) {
                    stack.push(new Object[] {input, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) size;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (requiresGrad ? " (grad)" : "");
    }
}
