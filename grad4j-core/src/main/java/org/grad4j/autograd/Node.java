package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * One recorded operation of the autograd graph: PyTorch's {@code grad_fn}. A node receives the
 * gradients of its forward outputs and returns the gradients of its forward inputs; each forward
 * input that requires grad is an edge to the node that produced it ({@link AccumulateGrad} for
 * a leaf). Edges of inputs that do not require grad are null, as in {@code next_functions}.
 *
 * <p>The engine sums each gradient a node returns down to the shape (and casts it to the dtype) its
 * forward input had, so broadcasting never has to be undone by an op's own rule.
 */
public abstract class Node {
    private static final AtomicLong NEXT_SEQUENCE_NR = new AtomicLong();
    private static final Node[] NO_NODES = new Node[0];

    /** Creation order: the engine runs later nodes first, as PyTorch does. */
    final long sequenceNr = NEXT_SEQUENCE_NR.getAndIncrement();
    /** The forward call that recorded this node, kept only in anomaly mode; see Note [Anomaly mode]. */
    final Throwable forwardTrace = AnomalyMode.captureForwardTrace();
    private final int numOutputs;
    Node[] nextNodes = NO_NODES;
    int[] nextInputNrs;
    int[][] inputShapes;
    DType[] inputDTypes;
    private List<UnaryOperator<Tensor>>[] preHooks;
    private UnaryOperator<Tensor>[] retainGradHooks;

    // Scratch state of the backward pass running over this node; see Engine.
    int pendingDependencies;
    Tensor[] inputBuffer;
    long visitedInRun = -1;
    boolean neededInRun;

    protected Node() {
        this(1);
    }

    protected Node(int numOutputs) {
        this.numOutputs = numOutputs;
    }

    /** PyTorch's node name, e.g. {@code MulBackward0}. */
    public abstract String name();

    /** The nodes this one sends gradients to, one per forward input; null where that input needs no gradient. */
    public List<Node> nextFunctions() {
        return Collections.unmodifiableList(Arrays.asList(nextNodes.clone()));
    }

    /** The input slot of each next function, as the second element of PyTorch's {@code next_functions} pairs. */
    public List<Integer> nextInputNumbers() {
        List<Integer> out = new ArrayList<>(nextNodes.length);
        for (int nr : nextInputNrs) {
            out.add(nr);
        }
        return out;
    }

    /** Runs {@code hook} on the gradient of forward output {@code outputNr} before this node uses it; its result replaces the gradient when not null. */
    @SuppressWarnings("unchecked")
    public void registerPrehook(int outputNr, UnaryOperator<Tensor> hook) {
        if (preHooks == null) {
            preHooks = new List[numOutputs];
        }
        if (preHooks[outputNr] == null) {
            preHooks[outputNr] = new ArrayList<>();
        }
        preHooks[outputNr].add(hook);
    }

    /** Sets the hook that implements {@code retain_grad()} for output {@code outputNr}; it runs after the other hooks. */
    @SuppressWarnings("unchecked")
    public void setRetainGradHook(int outputNr, UnaryOperator<Tensor> hook) {
        if (retainGradHooks == null) {
            retainGradHooks = new UnaryOperator[numOutputs];
        }
        retainGradHooks[outputNr] = hook;
    }

    /** The gradients of this node's forward inputs, given those of its forward outputs (entries may be null). */
    protected abstract Tensor[] apply(Tensor[] gradOutputs);

    /**
     * The tensors this node saved for its backward rule (PyTorch's {@code grad_fn._saved_*}), for
     * inspection: shapes and dtypes stay readable after backward frees them.
     */
    public List<SavedTensor> savedTensors() {
        return List.of();
    }

    /** Drops the tensors saved for backward; a later apply fails with PyTorch's "second time" message. */
    protected void releaseSaved() {
    }

    /** Fails, without side effects, if apply would fail on freed or modified saved tensors. */
    protected void checkSavedTensors() {
    }

    /**
     * Wires this node to its forward inputs: edge {@code i} goes to {@code nodes[i]} (null where input
     * {@code i} needs no gradient) at input slot {@code inputNrs[i]}; shapes and dtypes are those of
     * the forward inputs, which the engine reduces and casts returned gradients to.
     */
    protected final void setEdges(Node[] nodes, int[] inputNrs, int[][] shapes, DType[] dtypes) {
        nextNodes = nodes;
        nextInputNrs = inputNrs;
        inputShapes = shapes;
        inputDTypes = dtypes;
    }

    /** True when forward input {@code i} needs a gradient (PyTorch's {@code needs_input_grad}). */
    protected final boolean needsInputGrad(int i) {
        return nextNodes[i] != null;
    }

    int numOutputs() {
        return numOutputs;
    }

    /** Applies the tensor hooks (then the retain-grad hook) registered for output {@code nr}. */
    Tensor runPreHooks(int nr, Tensor grad) {
        if (preHooks != null && preHooks[nr] != null) {
            for (UnaryOperator<Tensor> hook : preHooks[nr]) {
                Tensor replaced = hook.apply(grad);
                if (replaced != null) {
                    grad = replaced;
                }
            }
        }
        if (retainGradHooks != null && retainGradHooks[nr] != null && grad != null) {
            retainGradHooks[nr].apply(grad);
        }
        return grad;
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}
