package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import org.grad4j.autograd.Autograd;
import org.grad4j.autograd.ForwardAD;

/**
 * Forward mode must agree with reverse mode: {@code <u, J v>} from the tangent of f at x equals
 * {@code <J^T u, v>} from Autograd.grad, for fixed pseudo-random u and v. Op spec tables call it
 * once per entry, so a new op's JVP is checked without new test code.
 */
public final class JvpCheck {
    private JvpCheck() {
    }

    public static void assertForwardMatchesReverse(UnaryOperator<Tensor> f, Tensor x) {
        Tensor.manualSeed(7);
        Tensor v = Tensor.randn(x.shape()).to(x.dtype());
        Tensor y = f.apply(x);
        Tensor.manualSeed(8);
        Tensor u = Tensor.randn(y.shape()).to(y.dtype());
        Tensor vjp = Autograd.grad(List.of(y), List.of(x), List.of(u), false, false, true).get(0);
        double reverse = vjp == null ? 0 : vjp.mul(v).sum().item();
        double forward;
        try (var level = ForwardAD.dualLevel()) {
            Tensor jvp = ForwardAD.unpackDual(f.apply(ForwardAD.makeDual(x.detach(), v))).tangent();
            forward = jvp == null ? 0 : jvp.mul(u).sum().item();
        }
        assertEquals(reverse, forward, 1e-9 * Math.max(1, Math.abs(reverse)), "<u, J v> forward vs reverse");
    }
}
