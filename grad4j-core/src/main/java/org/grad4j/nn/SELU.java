package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.SELU()}: {@link F#selu} elementwise. */
public class SELU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.selu(input);
    }
}
