package org.grad4j.nn;

import org.grad4j.Tensor;

/** {@code nn.Sigmoid()}: applies {@code sigmoid} elementwise. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
