package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.Mish()}: {@link F#mish}, {@code x tanh(softplus(x))}, elementwise. */
public class Mish extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.mish(input);
    }
}
