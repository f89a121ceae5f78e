package org.grad4j.internal;

import java.util.List;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;

/** PyTorch's {@code zero_grad} loop, shared by {@code Module.zeroGrad} and {@code Optimizer.zeroGrad}. */
public final class GradZeroing {
    private GradZeroing() {
    }

    /** Sets each existing grad to null, or detaches it and zeroes it in place (PyTorch 1.13's default). */
    public static void zeroGrads(List<Tensor> params, boolean setToNone) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (setToNone) {
                p.setGrad(null);
                continue;
            }
            if (g.gradFn() != null) {
                g.detach_();
            } else {
                g.requiresGrad_(false);
            }
            try (var off = Autograd.noGrad()) {
                g.zero_();
            }
        }
    }
}
