package org.grad4j.internal;

import org.grad4j.Tensor;

/**
 * Lets {@code org.grad4j.autograd.ForwardAD} reach the tangents that live on tensors without
 * widening Tensor's public surface (the same pattern as {@link GradientEdges}). Tensor registers
 * the implementation in its static initialiser.
 */
public final class DualTensors {
    /** What forward AD needs from the tensor package. */
    public interface Access {
        Tensor makeDual(Tensor primal, Tensor tangent);

        /** The tensor's value without its tangent (itself when it carries none). */
        Tensor primal(Tensor t);

        /** The tangent at the active level, or null. */
        Tensor tangent(Tensor t);
    }

    private static volatile Access access;

    private DualTensors() {
    }

    public static void register(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("dual-tensor access is registered once, by Tensor");
        }
        access = implementation;
    }

    public static Access access() {
        return access;
    }
}
