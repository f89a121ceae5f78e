package org.grad4j.nn;

import org.grad4j.Tensor;

/** {@code nn.Tanh()}: applies {@code tanh} elementwise. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
