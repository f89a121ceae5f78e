package org.grad4j.autograd;

import org.grad4j.Tensor;

/**
 * The sink of the graph for a leaf tensor that requires grad: adds the incoming gradient into the
 * leaf's {@code .grad}. A leaf keeps one for its lifetime, so hooks registered on the leaf live here.
 */
public final class AccumulateGrad extends Node {
    private final Tensor variable;

    public AccumulateGrad(Tensor variable) {
        this.variable = variable;
        setEdges(new Node[0], new int[0], new int[0][], new org.grad4j.DType[0]);
    }

    @Override
    public String name() {
        return "AccumulateGrad";
    }

    Tensor variable() {
        return variable;
    }

    /**
     * Without createGraph the new gradient is added in place (a first one is copied, since the
     * incoming tensor may be shared with other consumers); with createGraph the sum is a new tensor
     * that remembers how it was computed, as in PyTorch.
     */
    void accumulate(Tensor incoming, boolean createGraph) {
        Tensor current = variable.grad();
        if (!sameShape(incoming, variable)) {
            incoming = incoming.sumToSize(variable.shape());
        }
        if (current == null) {
            variable.setGrad(createGraph ? incoming : incoming.detach().clone());
        } else if (createGraph || current.requiresGrad()) {
            variable.setGrad(current.add(incoming));
        } else {
            try (var off = Autograd.noGrad()) {
                current.add_(incoming);
            }
        }
    }

    private static boolean sameShape(Tensor a, Tensor b) {
        if (a.dim() != b.dim()) {
            return false;
        }
        for (int i = 0; i < a.dim(); i++) {
            if (a.size(i) != b.size(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        throw new IllegalStateException("AccumulateGrad is run by the engine");
    }
}
