package org.grad4j;

import java.util.function.Supplier;
import org.grad4j.autograd.Autograd;

/**
 * Ops whose forward arithmetic is written with Tensor ops but which record one node of their own
 * (PyTorch's name for a fused kernel, e.g. {@code SoftmaxBackward0}): the forward runs with grad
 * mode off and tangents hidden, then the op's node is recorded over its real inputs with a backward
 * rule written in differentiable Tensor ops, so double backward and forward mode still work.
 */
final class Composite {
    private Composite() {
    }

    /** Runs {@code forward} untracked and makes its result the output of node {@code name} over {@code inputs}. */
    static Tensor op(String name, Supplier<Tensor> forward, OpNode.BackwardRule rule, Tensor[] inputs,
                     Tensor... toSave) {
        Tensor out = untracked(forward, inputs);
        if (!OpNode.shouldRecord(inputs)) {
            return out;
        }
        return OpNode.record(out, name, rule, inputs, toSave);
    }

    /**
     * The value of {@code forward} computed without autograd, as a tensor that owns its storage: a
     * result that is a view, or that shares storage with an input, is copied so that recording a
     * node on it never touches another tensor's history.
     */
    static Tensor untracked(Supplier<Tensor> forward, Tensor... inputs) {
        try (var off = Autograd.noGrad()) {
            Tensor out = Dual.withoutTangents(forward);
            boolean aliased = out.base != null;
            for (Tensor in : inputs) {
                aliased |= in != null && out.sharesStorageWith(in);
            }
            return aliased ? Dual.withoutTangents(() -> Pointwise.clone(out)) : out;
        }
    }
}
