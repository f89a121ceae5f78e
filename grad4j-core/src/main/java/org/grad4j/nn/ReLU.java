package org.grad4j.nn;

import org.grad4j.Tensor;

/** {@code nn.ReLU()}: applies {@code relu} elementwise. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
