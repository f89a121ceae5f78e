package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.HuberLoss(reduction='mean', delta=1.0)}: {@link F#huberLoss}. */
public class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() {
        this("mean", 1.0);
    }

    public HuberLoss(String reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.huberLoss(input, target, reduction(), delta);
    }
}
