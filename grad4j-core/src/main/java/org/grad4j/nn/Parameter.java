package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * {@code nn.Parameter(data)}. grad4j has one tensor type, so a parameter is not a subclass: it is a
 * leaf tensor requiring grad that shares {@code data}'s storage, and a module knows it as a parameter
 * because it was registered with {@link Module#registerParameter}.
 */
public final class Parameter {
    private Parameter() {
    }

    /** {@code nn.Parameter(data)}: a leaf requiring grad over data's storage (data itself is left as it is). */
    public static Tensor of(Tensor data) {
        return of(data, true);
    }

    /** {@code nn.Parameter(data, requires_grad)}. */
    public static Tensor of(Tensor data, boolean requiresGrad) {
        return data.detach().requiresGrad_(requiresGrad);
    }
}
