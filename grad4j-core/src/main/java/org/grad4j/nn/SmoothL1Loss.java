package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.SmoothL1Loss(reduction='mean', beta=1.0)}: {@link F#smoothL1Loss}. */
public class SmoothL1Loss extends Loss {
    private final double beta;

    public SmoothL1Loss() {
        this("mean", 1.0);
    }

    public SmoothL1Loss(String reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    public double beta() {
        return beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.smoothL1Loss(input, target, reduction(), beta);
    }
}
