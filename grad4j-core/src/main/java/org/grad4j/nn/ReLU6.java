package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.ReLU6()}: {@link F#relu6}, hardtanh clamped to [0, 6] (HardtanhBackward0, as in PyTorch). */
public class ReLU6 extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu6(input);
    }
}
