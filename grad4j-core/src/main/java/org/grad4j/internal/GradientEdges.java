package org.grad4j.internal;

import java.util.function.Function;
import org.grad4j.Tensor;
import org.grad4j.autograd.Node;

/**
 * Lets the autograd package find the node a tensor's gradient flows into (its grad_fn, or the
 * AccumulateGrad of a leaf) without widening Tensor's public surface. Tensor registers the lookup
 * once, in its static initialiser, which has run before any Tensor instance can reach this class.
 */
public final class GradientEdges {
    private static volatile Function<Tensor, Node> lookup;

    private GradientEdges() {
    }

    public static void register(Function<Tensor, Node> gradientNodeLookup) {
        if (lookup != null) {
            throw new IllegalStateException("the gradient-edge lookup is registered once, by Tensor");
        }
        lookup = gradientNodeLookup;
    }

    /** The node that receives this tensor's gradient: its grad_fn, or its AccumulateGrad if it is a leaf. */
    public static Node gradientNode(Tensor t) {
        return lookup.apply(t);
    }
}
