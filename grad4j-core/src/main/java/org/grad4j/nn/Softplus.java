package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Softplus(beta=1, threshold=20)}: {@link F#softplus} elementwise. The repr prints a whole
 * beta or threshold as an int, as PyTorch does for its defaults and for {@code nn.Softplus(beta=2)}.
 */
public class Softplus extends Module {
    private final double beta;
    private final double threshold;

    public Softplus() {
        this(1, 20);
    }

    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.softplus(input, beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + Repr.pyNumber(beta) + ", threshold=" + Repr.pyNumber(threshold);
    }
}
