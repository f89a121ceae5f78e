package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.ELU(alpha=1.0)}: {@link F#elu} elementwise. */
public class ELU extends Module {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.elu(input, alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + Repr.pyFloat(alpha);
    }
}
