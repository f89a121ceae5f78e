package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * gradcheck must pass correct derivatives and catch wrong ones: a function whose backward is
 * corrupted by a hook (the gradient of x*x scaled by 1.5) has analytic derivative
 * 1.5 * cos(x^2) 2x against the true cos(x^2) 2x, worked out here in closed form.
 */
class GradCheckTest {
    private static final double[] X = {0.3, -1.2, 0.9, 1.4};

    /** sin(x^2) with the gradient reaching x^2 scaled by 1.5: a deliberately wrong backward. */
    private static final UnaryOperator<Tensor> WRONG_BACKWARD = t -> {
        Tensor square = t.mul(t);
        square.registerHook(g -> g.mul(1.5));
        return square.sin();
    };

    private static Tensor input() {
        return Tensor.of(X, DType.FLOAT64).requiresGrad_();
    }

    @Test
    void passesCorrectDerivativesOfSeveralInputsAndOutputs() {
        Tensor a = input();
        Tensor b = Tensor.of(new double[] {0.5, 2.0, -0.7, 1.1}, DType.FLOAT64).requiresGrad_();
        Tensor fixed = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64);
        Function<List<Tensor>, List<Tensor>> f = in -> List.of(in.get(0).mul(in.get(1)).sin(),
                in.get(0).exp().sum().mul(in.get(2)), in.get(1).tanh().matmul(in.get(0)));
        assertTrue(GradCheck.gradcheck(f, List.of(a, b, fixed)));
        assertTrue(GradCheck.gradgradcheck(f, List.of(a, b, fixed)));
        assertTrue(GradCheck.gradcheck(t -> t.sin().mul(t), input(), 1e-6, 1e-7, 1e-5, true), "tighter tolerances");
    }

    @Test
    void aWrongBackwardReturnsFalseWithoutRaise() {
        assertFalse(GradCheck.gradcheck(WRONG_BACKWARD, input(), GradCheck.DEFAULT_EPS, GradCheck.DEFAULT_ATOL,
                GradCheck.DEFAULT_RTOL, false));
    }

    @Test
    void aWrongBackwardRaisesWithTheWorstEntry() {
        GradcheckError e = assertThrows(GradcheckError.class, () -> GradCheck.gradcheck(WRONG_BACKWARD, input()));
        // The error grows with |d/dx sin(x^2)| = |cos(x^2) 2x|: find the largest in closed form.
        int worst = 0;
        for (int i = 1; i < X.length; i++) {
            if (Math.abs(derivative(X[i])) > Math.abs(derivative(X[worst]))) {
                worst = i;
            }
        }
        assertEquals(worst, e.worstInputEntry());
        assertEquals(worst, e.worstOutputEntry(), "elementwise: the worst entry is on the diagonal");
        assertEquals(derivative(X[worst]), e.numerical().index(worst).index(worst).item(), 1e-6);
        assertEquals(1.5 * derivative(X[worst]), e.analytical().index(worst).index(worst).item(), 1e-12);
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor("),
                e.getMessage());
        assertTrue(e.getMessage().contains("\nanalytical:tensor("), e.getMessage());
        assertTrue(e.getMessage().contains("worst entry: d output[" + worst + "] / d input[" + worst + "]"), e.getMessage());
    }

    @Test
    void namesTheOutputAndInputOfTheMismatch() {
        Tensor a = input();
        Tensor b = input();
        Function<List<Tensor>, List<Tensor>> f = in -> List.of(in.get(0).exp(), in.get(0).add(WRONG_BACKWARD.apply(in.get(1))));
        GradcheckError e = assertThrows(GradcheckError.class, () -> GradCheck.gradcheck(f, List.of(a, b)));
        assertEquals(1, e.outputIndex());
        assertEquals(1, e.inputIndex());
        assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 1 with respect to input 1,"), e.getMessage());
    }

    @Test
    void gradgradcheckCatchesAWrongSecondDerivative() {
        // The hook hands back the right gradient value but cuts its history: first derivatives are
        // right, the derivative of the gradient (6 x v) is lost.
        UnaryOperator<Tensor> wrongSecond = t -> {
            Tensor s = t.mul(1.0);
            s.registerHook(Tensor::detach);
            return s.pow(3);
        };
        assertTrue(GradCheck.gradcheck(wrongSecond, input()));
        assertTrue(GradCheck.gradgradcheck(t -> t.pow(3), input()));
        assertFalse(GradCheck.gradgradcheck(wrongSecond, input(), GradCheck.DEFAULT_EPS, GradCheck.DEFAULT_ATOL,
                GradCheck.DEFAULT_RTOL, false));
        GradcheckError e = assertThrows(GradcheckError.class, () -> GradCheck.gradgradcheck(wrongSecond, input()));
        assertEquals(0.0, e.analytical().abs().sum().item(), "no second derivative reaches x");
    }

    @Test
    void needsAnInputThatRequiresGrad() {
        assertEquals("gradcheck expects at least one input tensor to require gradient, but none of the them have "
                + "requires_grad=True.", assertThrows(IllegalArgumentException.class,
                () -> GradCheck.gradcheck(Tensor::sin, Tensor.of(X, DType.FLOAT64))).getMessage());
    }

    private static double derivative(double x) {
        return Math.cos(x * x) * 2 * x;
    }
}
