package org.grad4j.nn;

import org.grad4j.Tensor;

/** {@code nn.Unflatten(dim, unflattened_size)}: splits dim into the given sizes (Flatten's inverse). */
public class Unflatten extends Module {
    private final int dim;
    private final long[] unflattenedSize;

    public Unflatten(int dim, long... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.unflatten(dim, unflattenedSize);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Repr.tuple(unflattenedSize);
    }
}
