package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * torch.autograd.Function in Java: values against closed forms, node names and error wording
 * against PyTorch 1.13 (MyExp.apply(x).grad_fn.name() == "MyExpBackward"; "function TwoBackward
 * returned an incorrect number of gradients (expected 1, got 2)"; "Function ShBackward returned an
 * invalid gradient at index 0 - got [3] but expected shape compatible with [2]"; "You must implement
 * the jvp function for custom autograd.Function to use it with forward mode AD.").
 */
class CustomFunctionTest {
    private static final double[] X = {-1.0, 0.5, 2.0};

    private static Tensor leaf(double... values) {
        return Tensor.of(values, DType.FLOAT64).requiresGrad_();
    }

    /** exp with its output saved, as PyTorch's documentation example. */
    static final class MyExp extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            Tensor y = inputs[0].exp();
            ctx.saveForBackward(y);
            return new Tensor[] {y};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(ctx.savedTensors().get(0))};
        }

        @Override
        protected Tensor[] jvp(FunctionCtx ctx, Tensor... tangents) {
            return new Tensor[] {tangents[0].mul(ctx.savedTensors().get(0))};
        }
    }

    /** exp without a jvp. */
    static final class NoJvpExp extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            return new Tensor[] {inputs[0].exp()};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {grads[0]};
        }
    }

    @Test
    void forwardBackwardAndNodeNameFollowPyTorch() {
        Tensor x = leaf(X);
        Tensor y = new MyExp().apply(x);
        assertEquals("MyExpBackward", y.gradFn().name());
        assertEquals("AccumulateGrad", y.gradFn().nextFunctions().get(0).name());
        assertTrue(y.requiresGrad());
        y.sum().backward();
        for (int i = 0; i < X.length; i++) {
            assertEquals(Math.exp(X[i]), y.toDoubleArray()[i], 1e-12);
            assertEquals(Math.exp(X[i]), x.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void numericalGradcheckAndSecondDerivativesThroughTheUsersBackward() {
        assertTrue(GradCheck.gradcheck(t -> new MyExp().apply(t), leaf(X)));
        assertTrue(GradCheck.gradgradcheck(t -> new MyExp().apply(t), leaf(X)));
        // d2/dx2 exp(x) = exp(x): the backward (grad * saved output) was recorded under createGraph.
        Tensor x = leaf(X);
        Tensor first = Autograd.grad(List.of(new MyExp().apply(x).sum()), List.of(x), null, true, true, false).get(0);
        assertTrue(first.requiresGrad());
        Tensor second = Autograd.grad(first.sum(), x).get(0);
        for (int i = 0; i < X.length; i++) {
            assertEquals(Math.exp(X[i]), second.toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void nothingIsRecordedWhenNoInputRequiresGradOrUnderNoGrad() {
        Tensor y = new MyExp().apply(Tensor.of(X, DType.FLOAT64));
        assertNull(y.gradFn());
        try (var off = Autograd.noGrad()) {
            assertNull(new MyExp().apply(leaf(X)).gradFn());
        }
    }

    /** Records what ctx.needsInputGrad said, and scales each input by a constant. */
    static final class WeightedSum extends Function {
        final List<Boolean> needs = new ArrayList<>();

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            needs.add(ctx.needsInputGrad(0));
            needs.add(ctx.needsInputGrad(1));
            return new Tensor[] {inputs[0].mul(2).add(inputs[1].mul(3))};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {ctx.needsInputGrad(0) ? grads[0].mul(2) : null,
                ctx.needsInputGrad(1) ? grads[0].mul(3) : null};
        }
    }

    @Test
    void needsInputGradTellsWhichInputsWantAGradient() {
        WeightedSum f = new WeightedSum();
        Tensor a = leaf(1, 2);
        Tensor b = Tensor.of(new double[] {3, 4}, DType.FLOAT64);
        Tensor out = f.apply(a, b);
        assertEquals(List.of(true, false), f.needs);
        assertNull(out.gradFn().nextFunctions().get(1));
        out.sum().backward();
        assertArrayEquals(new double[] {2, 2}, a.grad().toDoubleArray());
    }

    /** Two outputs, 2x and 3x; records the gradients backward received. */
    static final class Split extends Function {
        final boolean materialize;
        final List<Tensor> received = new ArrayList<>();

        Split(boolean materialize) {
            this.materialize = materialize;
        }

        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            ctx.setMaterializeGrads(materialize);
            return new Tensor[] {inputs[0].mul(2), inputs[0].mul(3)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            received.add(grads[0]);
            received.add(grads[1]);
            Tensor g = grads[0].mul(2);
            return new Tensor[] {grads[1] == null ? g : g.add(grads[1].mul(3))};
        }
    }

    @Test
    void severalOutputsAndMaterializedGradients() {
        Tensor x = leaf(1, 2);
        Split f = new Split(true);
        List<Tensor> outs = f.applyAll(x);
        assertEquals(2, outs.size());
        assertEquals(1, outs.get(1).outputNr());
        assertSame(outs.get(0).gradFn(), outs.get(1).gradFn());
        outs.get(0).sum().backward();
        assertArrayEquals(new double[] {0, 0}, f.received.get(1).toDoubleArray(), "an unused output's gradient is zeros");
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());

        Tensor z = leaf(1, 2);
        Split lazy = new Split(false);
        lazy.applyAll(z).get(0).sum().backward();
        assertNull(lazy.received.get(1), "setMaterializeGrads(false) passes null");
        assertThrows(IllegalStateException.class, () -> new Split(true).apply(leaf(1)));
    }

    /** Doubles its input in place (mark_dirty), and returns an index output marked non-differentiable. */
    static final class DoubleInPlace extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            Tensor x = inputs[0];
            x.mul_(2);
            ctx.markDirty(x);
            Tensor positive = x.gt(0).to(DType.FLOAT64);
            ctx.markNonDifferentiable(positive);
            return new Tensor[] {x, positive};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(2)};
        }
    }

    @Test
    void markDirtyRebasesTheInputAndMarkNonDifferentiableDropsTheGraph() {
        Tensor x = leaf(1, -2);
        Tensor a = x.mul(1.0);
        List<Tensor> outs = new DoubleInPlace().applyAll(a);
        assertSame(a, outs.get(0), "the dirty input is returned itself");
        assertEquals("DoubleInPlaceBackward", a.gradFn().name());
        assertEquals(1, a.version());
        assertFalse(outs.get(1).requiresGrad());
        assertArrayEquals(new double[] {1, 0}, outs.get(1).toDoubleArray());
        a.sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void dirtyLeafThatRequiresGradIsRefusedWithPyTorchsMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DoubleInPlace().applyAll(leaf(1)));
        assertEquals("a leaf Variable that requires grad has been used in an in-place operation.", e.getMessage());
    }

    static final class Two extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            return new Tensor[] {inputs[0].mul(2)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {grads[0].mul(2), grads[0]};
        }
    }

    static final class Sh extends Function {
        @Override
        protected Tensor[] forward(FunctionCtx ctx, Tensor... inputs) {
            return new Tensor[] {inputs[0].mul(2)};
        }

        @Override
        protected Tensor[] backward(FunctionCtx ctx, Tensor... grads) {
            return new Tensor[] {Tensor.ones(3)};
        }
    }

    @Test
    void wrongGradientsFailWithPyTorchsWording() {
        Tensor w = leaf(1, 2);
        IllegalStateException count = assertThrows(IllegalStateException.class,
                () -> new Two().apply(w).sum().backward());
        assertEquals("function TwoBackward returned an incorrect number of gradients (expected 1, got 2)",
                count.getMessage());
        IllegalStateException shape = assertThrows(IllegalStateException.class,
                () -> new Sh().apply(w).sum().backward());
        assertEquals("Function ShBackward returned an invalid gradient at index 0 - got [3] but expected shape "
                + "compatible with [2]", shape.getMessage());
        assertNull(w.grad());
    }

    @Test
    void savedTensorsAreVersionCheckedAndFreedLikeAnOps() {
        Tensor x = leaf(X);
        Tensor y = new MyExp().apply(x);
        Tensor loss = y.sum();
        try (var off = Autograd.noGrad()) {
            y.add_(1);
        }
        IllegalStateException modified = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(modified.getMessage().startsWith("one of the variables needed for gradient computation has been "
                + "modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of MyExpBackward, is at "
                + "version 1; expected version 0 instead."), modified.getMessage());

        Tensor z = new MyExp().apply(leaf(X)).sum();
        z.backward();
        IllegalStateException twice = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(twice.getMessage().startsWith("Trying to backward through the graph a second time"));
    }

    @Test
    void forwardModeUsesTheUsersJvp() {
        try (var level = ForwardAD.dualLevel()) {
            Tensor dual = ForwardAD.makeDual(Tensor.of(X, DType.FLOAT64), Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64));
            Tensor tangent = ForwardAD.unpackDual(new MyExp().apply(dual)).tangent();
            for (int i = 0; i < X.length; i++) {
                assertEquals((i + 1) * Math.exp(X[i]), tangent.toDoubleArray()[i], 1e-12);
            }
        }
    }

    @Test
    void forwardModeWithoutJvpFailsWithPyTorchsWording() {
        try (var level = ForwardAD.dualLevel()) {
            Tensor dual = ForwardAD.makeDual(Tensor.of(X, DType.FLOAT64), Tensor.onesLike(Tensor.of(X, DType.FLOAT64)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new NoJvpExp().apply(dual));
            assertEquals("You must implement the jvp function for custom autograd.Function to use it with forward mode AD.",
                    e.getMessage());
        }
    }

    @Test
    void savedTensorsAreListedOnTheNode() {
        Node node = new MyExp().apply(leaf(X)).gradFn();
        assertEquals(1, node.savedTensors().size());
        assertArrayEquals(new long[] {3}, node.savedTensors().get(0).shape());
        assertEquals(DType.FLOAT64, node.savedTensors().get(0).dtype());
    }
}
