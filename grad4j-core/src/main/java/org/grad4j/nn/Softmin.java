package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.Softmin(dim)}: {@code softmax(-x, dim)}, as PyTorch composes it. */
public class Softmin extends Module {
    private final int dim;

    public Softmin(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softmax(input.neg(), dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
