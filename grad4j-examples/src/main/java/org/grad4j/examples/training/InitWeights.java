package org.grad4j.examples.training;

import org.grad4j.nn.Init;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Module;

/** D2L's {@code init_weights}: every Linear layer's weight from N(0, 0.01^2); biases keep their default. */
final class InitWeights {
    static final double STD = 0.01;

    private InitWeights() {
    }

    /** For {@code net.apply(InitWeights::normal)}. */
    static void normal(Module m) {
        if (m instanceof Linear linear) {
            Init.normal_(linear.weight(), 0, STD);
        }
    }
}
