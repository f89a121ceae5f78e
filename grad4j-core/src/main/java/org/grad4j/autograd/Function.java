package org.grad4j.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.Tensor;
import org.grad4j.internal.TensorInternals;

/**
 * A custom differentiable operation, PyTorch's {@code torch.autograd.Function}: subclass it with
 * a forward and a backward (and, for forward-mode AD, a jvp), then call {@link #apply}. Forward
 * runs under no-grad; its outputs get a node named after the class ({@code MyExp} records
 * {@code MyExpBackward}). Backward receives one gradient per output and returns one per input
 * (null where none); written with Tensor ops it is itself differentiable, so createGraph and
 * higher derivatives work.
 *
 * <pre>{@code
 * class MyExp extends Function {
 *     protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
 *         Tensor y = inputs[0].exp();
 *         ctx.saveForBackward(y);
 *         return new Tensor[] {y};
 *     }
 *     protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
 *         return new Tensor[] {grads[0].mul(ctx.savedTensors().get(0))};
 *     }
 * }
 * Tensor y = new MyExp().apply(x);   // y.gradFn().name() is "MyExpBackward"
 * }</pre>
 *
 * <p>Non-tensor state for backward can live in fields of the instance: make one instance per call.
 */
public abstract class Function {
    /** {@code forward(ctx, *inputs)}: the outputs (at least one), computed under no-grad. */
    protected abstract Tensor[] forward(FunctionCtx ctx, Tensor... inputs);

    /** {@code backward(ctx, *grad_outputs)}: one gradient per forward input, null where an input needs none. */
    protected abstract Tensor[] backward(FunctionCtx ctx, Tensor... gradOutputs);

    /** {@code jvp(ctx, *tangents)}: one output tangent per output, given one tangent per input (zeros where an input has none). */
    protected Tensor[] jvp(FunctionCtx ctx, Tensor... tangents) {
        throw new IllegalStateException("You must implement the jvp function for custom autograd.Function to use it "
                + "with forward mode AD.");
    }

    /** {@code MyFn.apply(*inputs)} for a function with exactly one output. */
    public final Tensor apply(Tensor... inputs) {
        List<Tensor> outputs = applyAll(inputs);
        if (outputs.size() != 1) {
            throw new IllegalStateException(getClass().getName() + " returned " + outputs.size()
                    + " outputs: use applyAll for a function with several outputs");
        }
        return outputs.get(0);
    }

    /** {@code MyFn.apply(*inputs)} returning every output. */
    public final List<Tensor> applyAll(Tensor... inputs) {
        boolean recordsBackward = GradMode.isEnabled() && anyRequiresGrad(inputs);
        boolean forwardMode = ForwardAD.isActive() && anyTangent(inputs);
        boolean[] needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needsGrad[i] = recordsBackward && inputs[i] != null && inputs[i].requiresGrad();
        }
        FunctionCtx ctx = new FunctionCtx(needsGrad);
        Tensor[] primals = forwardMode ? primalsOf(inputs) : inputs;
        Tensor[] outputs;
        try (GradModeScope off = Autograd.noGrad()) {
            outputs = forward(ctx, primals);
        }
        if (outputs == null || outputs.length == 0) {
            throw new IllegalStateException(getClass().getName() + ".forward must return at least one tensor");
        }
        requireDirtyReturned(ctx, outputs);
        if (!recordsBackward && !forwardMode) {
            return Collections.unmodifiableList(Arrays.asList(outputs.clone()));
        }
        FunctionNode node = recordsBackward ? new FunctionNode(this, ctx, inputs, outputs) : null;
        Map<Tensor, Tensor> aliases = new IdentityHashMap<>();
        Tensor[] results = new Tensor[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            results[k] = connectOutput(ctx, node, inputs, outputs[k], k);
            aliases.put(outputs[k], results[k]);
        }
        ctx.finishSaving(aliases, nodeName());
        if (forwardMode) {
            setTangents(ctx, inputs, results);
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    /** The node's name: the class's simple name + "Backward", as PyTorch names a custom function's node. */
    String nodeName() {
        String simple = getClass().getSimpleName();
        if (simple.isEmpty()) {
            String name = getClass().getName();
            simple = name.substring(name.lastIndexOf('.') + 1);
        }
        return simple + "Backward";
    }

    /**
     * The tensor the caller receives for output {@code k}. An output that is an input or a view gets
     * a fresh alias of its storage first, so the node's history is set on a tensor of its own; a
     * dirty input keeps its identity and takes the node as its history, as an in-place op does.
     */
    private static Tensor connectOutput(FunctionCtx ctx, FunctionNode node, Tensor[] inputs, Tensor out, int k) {
        TensorInternals.Access internals = TensorInternals.access();
        Tensor result = out;
        if (ctx.isDirty(out)) {
            if (node != null && out.isLeaf() && out.requiresGrad()) {
                throw new IllegalStateException("a leaf Variable that requires grad has been used in an in-place operation.");
            }
        } else if (isOneOf(out, inputs) || internals.isView(out)) {
            result = out.detach();
        }
        if (node != null && !ctx.isNonDifferentiable(out) && out.dtype().isFloatingPoint()) {
            internals.setHistory(result, node, k);
        }
        return result;
    }

    private void setTangents(FunctionCtx ctx, Tensor[] inputs, Tensor[] outputs) {
        Tensor[] tangents = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i] == null ? null : ForwardAD.unpackDual(inputs[i]).tangent();
            tangents[i] = t != null || inputs[i] == null ? t : Tensor.zeros(inputs[i].shape(), inputs[i].dtype());
        }
        Tensor[] outTangents;
        try (GradModeScope off = Autograd.noGrad()) {
            outTangents = jvp(ctx, tangents);
        }
        if (outTangents == null || outTangents.length != outputs.length) {
            throw new IllegalStateException("function " + nodeName() + " returned an incorrect number of tangents "
                    + "(expected " + outputs.length + ", got " + (outTangents == null ? 0 : outTangents.length) + ")");
        }
        for (int k = 0; k < outputs.length; k++) {
            if (outTangents[k] != null && !ctx.isNonDifferentiable(outputs[k])) {
                TensorInternals.access().setTangent(outputs[k], outTangents[k]);
            }
        }
    }

    private static void requireDirtyReturned(FunctionCtx ctx, Tensor[] outputs) {
        for (Tensor t : ctx.dirtyTensors()) {
            if (!isOneOf(t, outputs)) {
                throw new IllegalStateException("Some elements marked as dirty during the forward method were not "
                        + "returned as output. The inputs that are modified inplace must all be outputs of the Function.");
            }
        }
    }

    private static Tensor[] primalsOf(Tensor[] inputs) {
        Tensor[] primals = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            primals[i] = inputs[i] == null ? null : ForwardAD.unpackDual(inputs[i]).primal();
        }
        return primals;
    }

    private static boolean isOneOf(Tensor t, Tensor[] tensors) {
        for (Tensor candidate : tensors) {
            if (candidate == t) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyRequiresGrad(Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyTangent(Tensor[] inputs) {
        for (Tensor t : inputs) {
            if (t != null && ForwardAD.unpackDual(t).tangent() != null) {
                return true;
            }
        }
        return false;
    }
}
