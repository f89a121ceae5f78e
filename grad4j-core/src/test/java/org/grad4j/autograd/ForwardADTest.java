package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** torch.autograd.forward_ad in grad4j: values from closed forms, repr and errors from PyTorch 1.13. */
class ForwardADTest {
    @Test
    void tangentIsTheDirectionalDerivative() {
        try (var level = ForwardAD.dualLevel()) {
            Tensor x = ForwardAD.makeDual(Tensor.of(new double[] {1, 2}, DType.FLOAT64),
                    Tensor.of(new double[] {0.5, 1}, DType.FLOAT64));
            Tensor y = x.mul(x).sin();
            // d/dt sin((x + t v)^2) = cos(x^2) 2x v
            double[] expected = {Math.cos(1) * 2 * 0.5, Math.cos(4) * 4 * 1};
            assertArrayEquals(expected, ForwardAD.unpackDual(y).tangent().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {Math.sin(1), Math.sin(4)}, ForwardAD.unpackDual(y).primal().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void tangentsFlowThroughBroadcastingReductionsAndMatmul() {
        try (var level = ForwardAD.dualLevel()) {
            Tensor a = ForwardAD.makeDual(Tensor.of(new double[][] {{1, 2}, {3, 4}}, DType.FLOAT64),
                    Tensor.of(new double[][] {{1, 0}, {0, 1}}, DType.FLOAT64));
            Tensor b = Tensor.of(new double[] {10, 20}, DType.FLOAT64);
            // d/dt sum((A + tI) b) = sum(I b) = 30; d/dt (A + tI)(A + tI) = A + A at t = 0 for I
            assertEquals(30, ForwardAD.unpackDual(a.matmul(b).sum()).tangent().item(), 1e-12);
            assertArrayEquals(new double[] {2, 4, 6, 8}, ForwardAD.unpackDual(a.mm(a)).tangent().toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {1, 1}, ForwardAD.unpackDual(a.add(b).sum(0)).tangent().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void forwardOverReverseGivesHessianVectorProducts() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, DType.FLOAT64).requiresGrad_();
        Tensor v = Tensor.of(new double[] {1, 0.5, -1}, DType.FLOAT64);
        try (var level = ForwardAD.dualLevel()) {
            Tensor dual = ForwardAD.makeDual(x, v);
            Tensor grad = Autograd.grad(List.of(dual.pow(3).sum()), List.of(dual), null, true, true, false).get(0);
            // gradient 3x^2, Hessian diag(6x): H v = 6 x v
            assertArrayEquals(new double[] {6, -6, -18}, ForwardAD.unpackDual(grad).tangent().toDoubleArray(), 1e-12);
        }
    }

    @Test
    void printsTheTangentAsPyTorchDoes() {
        try (var level = ForwardAD.dualLevel()) {
            Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT64).requiresGrad_();
            assertEquals("tensor([1., 2.], dtype=torch.float64, grad_fn=<ViewBackward0>,\n"
                    + "       tangent=tensor([0.5000, 1.0000]))", ForwardAD.makeDual(x, Tensor.of(0.5, 1.0)).toString());
            assertEquals("tensor(3., tangent=0.25)", ForwardAD.makeDual(Tensor.scalar(3.0), Tensor.scalar(0.25)).toString());
            Tensor square = ForwardAD.makeDual(Tensor.ones(2, 2), Tensor.ones(2, 2).mul(0.5)).sin();
            assertEquals("tensor([[0.8415, 0.8415],\n        [0.8415, 0.8415]],\n"
                    + "       tangent=tensor([[0.2702, 0.2702],\n        [0.2702, 0.2702]]))", square.toString());
        }
    }

    @Test
    void levelsScopeTheTangents() {
        Tensor primal = Tensor.of(1.0, 2.0);
        Tensor dual;
        try (var level = ForwardAD.dualLevel()) {
            dual = ForwardAD.makeDual(primal, Tensor.of(1.0, 1.0));
            assertNull(ForwardAD.unpackDual(primal).tangent());
            assertSame(primal, ForwardAD.unpackDual(primal).primal());
            Tensor view = ForwardAD.unpackDual(dual).primal();
            view.index(0).fill_(5.0);
            assertEquals(5.0, primal.toDoubleArray()[0], "primal views share storage");
            assertEquals("Nested forward mode AD is not supported at the moment",
                    assertThrows(IllegalStateException.class, ForwardAD::dualLevel).getMessage());
        }
        assertNull(ForwardAD.unpackDual(dual).tangent());
        try (var level = ForwardAD.dualLevel()) {
            assertNull(ForwardAD.unpackDual(dual).tangent(), "a closed level's tangents stay gone");
        }
    }

    @Test
    void badUseFailsWithPyTorchsWording() {
        assertEquals("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                + "enter_dual_level() first.", assertThrows(IllegalStateException.class,
                () -> ForwardAD.makeDual(Tensor.of(1.0), Tensor.of(1.0))).getMessage());
        try (var level = ForwardAD.dualLevel()) {
            assertEquals("Trying to set a forward gradient that has a different size than that of the original "
                    + "Tensor, this is not supported. Tensor is of size [2] while the given forward gradient is of "
                    + "size [3].", assertThrows(IllegalArgumentException.class,
                    () -> ForwardAD.makeDual(Tensor.of(1.0, 2.0), Tensor.ones(3))).getMessage());
            assertEquals("Expected primal to be floating point or complex, but got: torch.int64",
                    assertThrows(IllegalArgumentException.class,
                            () -> ForwardAD.makeDual(Tensor.of(1, 2), Tensor.of(1, 1))).getMessage());
            Tensor dual = ForwardAD.makeDual(Tensor.of(1.0, 2.0), Tensor.of(1.0, 1.0));
            Tensor before = Tensor.of(1.0, 2.0);
            assertThrows(IllegalStateException.class, () -> dual.mul_(2.0));
            assertArrayEquals(before.toDoubleArray(), dual.toDoubleArray(), "a refused in-place op writes nothing");
        }
    }
}
