package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.L1Loss(reduction='mean')}: {@link F#l1Loss}, the (mean) absolute error. */
public class L1Loss extends Loss {
    public L1Loss() {
        this("mean");
    }

    public L1Loss(String reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction());
    }
}
