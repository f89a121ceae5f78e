package org.grad4j.internal;

import org.grad4j.Tensor;
import org.grad4j.autograd.Node;
import org.grad4j.internal.tensor.Storage;

/**
 * Lets the autograd package reach what it needs of a tensor's internals (its storage, its history)
 * for custom functions, saved-tensor hooks and anomaly detection, without widening Tensor's public
 * surface (the same pattern as {@link GradientEdges}). Tensor registers the implementation in a
 * static initialiser.
 */
public final class TensorInternals {
    /** What the autograd package needs from the tensor package. */
    public interface Access {
        /** The storage the tensor views (shared by its views and detach() results). */
        Storage storage(Tensor t);

        /** The tensor's shape array itself (immutable, shared: not to be modified). */
        int[] sizes(Tensor t);

        /** Makes {@code t} output {@code outputNr} of {@code node} (a custom function's output or dirtied input). */
        void setHistory(Tensor t, Node node, int outputNr);

        /** Gives {@code t} a forward-AD tangent at the open dual level (a custom function's jvp result). */
        void setTangent(Tensor t, Tensor tangent);

        /** True when {@code t} is a view of another tensor's storage (x[0], x.t(), ...). */
        boolean isView(Tensor t);
    }

    private static volatile Access access;

    private TensorInternals() {
    }

    public static void register(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("tensor internals are registered once, by Tensor");
        }
        access = implementation;
    }

    public static Access access() {
        return access;
    }
}
