package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Float64 finite-difference checks of every differentiable op, first and second derivatives. The
 * elementwise ops are swept straight from {@link UnaryOp}, so a new one is checked with no new test
 * code; every other op is one line of {@link #SPECS}, each on broadcast, transposed or sliced inputs
 * where the op allows.
 */
class OpGradCheckTest {
    /** One op under test: a function of one FLOAT64 input of the given shape. */
    record Spec(String name, long[] shape, UnaryOperator<Tensor> f) {
    }

    private static final Tensor ROW = constant(new long[] {1, 4}, 7);
    private static final Tensor MATRIX = constant(new long[] {3, 4}, 11);
    private static final Tensor POSITIVE = constant(new long[] {3, 4}, 13).abs().add(0.5);

    static final List<Spec> SPECS = List.of(
            spec("add broadcast", x -> x.add(ROW), 3, 4),
            spec("add broadcast other side", x -> MATRIX.add(x), 1, 4),
            spec("add scalar", x -> x.add(2.5), 3),
            spec("sub", x -> x.sub(ROW), 3, 4),
            spec("sub reversed", x -> MATRIX.sub(x), 3, 1),
            spec("rsub", x -> x.rsub(1.5), 3),
            spec("mul", x -> x.mul(ROW), 3, 4),
            spec("mul self", x -> x.mul(x.t()), 3, 3),
            spec("mul scalar", x -> x.mul(-1.5), 2, 2),
            spec("div numerator", x -> x.div(POSITIVE), 3, 4),
            spec("div denominator", x -> MATRIX.div(x.abs().add(0.5)), 3, 4),
            spec("div scalar", x -> x.div(4.0), 3),
            spec("pow scalar", x -> x.pow(3.0), 4),
            spec("pow fractional", x -> x.abs().add(0.5).pow(1.5), 4),
            spec("pow tensor base", x -> x.abs().add(0.5).pow(ROW), 3, 4),
            spec("pow tensor exponent", x -> POSITIVE.pow(x), 3, 4),
            spec("maximum", x -> x.maximum(ROW), 3, 4),
            spec("minimum", x -> x.minimum(ROW), 3, 4),
            spec("sum", Tensor::sum, 3, 4),
            spec("sum dim", x -> x.sum(1), 3, 4),
            spec("sum dim keepdim", x -> x.sum(0, true), 3, 4),
            spec("sum dims", x -> x.sum(new int[] {0, 2}, false), 2, 3, 2),
            spec("mean", Tensor::mean, 3, 4),
            spec("mean dim", x -> x.mean(-1, true), 3, 4),
            spec("cumsum", x -> x.cumsum(1), 3, 4),
            spec("cumsum dim 0", x -> x.cumsum(0), 3, 4),
            spec("norm", Tensor::norm, 3, 4),
            spec("max", Tensor::max, 3, 4),
            spec("min", Tensor::min, 3, 4),
            spec("dot", x -> x.dot(ROW.view(4)), 4),
            spec("mv matrix", x -> x.mv(ROW.view(4)), 3, 4),
            spec("mv vector", x -> MATRIX.mv(x), 4),
            spec("mm left", x -> x.mm(MATRIX.t()), 2, 4),
            spec("mm right", x -> MATRIX.mm(x), 4, 2),
            spec("matmul vector-matrix", x -> x.matmul(MATRIX), 3),
            spec("matmul transposed", x -> x.t().matmul(x), 3, 2),
            spec("cat", x -> Tensor.cat(List.of(x, x.mul(2.0), x.index(0).unsqueeze(0)), 0), 2, 3),
            spec("cat last dim", x -> Tensor.cat(List.of(x.t(), x.t().sin()), -1), 2, 3),
            spec("stack", x -> Tensor.stack(List.of(x, x.sin(), x.t().t()), 1), 2, 3),
            spec("bmm", x -> x.bmm(x.transpose(1, 2)), 2, 3, 2),
            spec("matmul batched broadcast", x -> x.matmul(x.index(0).unsqueeze(0).mT()), 2, 1, 3, 3),
            spec("matmul matrix-batch", x -> MATRIX.mT().matmul(x), 2, 3, 2),
            spec("matmul batch-vector", x -> x.matmul(x.index(0).index(0)), 2, 3, 3),
            spec("transpose", x -> x.transpose(0, 1).mul(MATRIX), 4, 3),
            spec("T", x -> x.T().mul(MATRIX), 4, 3),
            spec("permute", x -> x.permute(2, 0, 1).cumsum(0), 2, 3, 4),
            spec("reshape view", x -> x.reshape(4, 3).cumsum(0), 3, 4),
            spec("reshape copy", x -> x.t().reshape(12).cumsum(0), 3, 4),
            spec("view", x -> x.view(2, -1).cumsum(1), 3, 4),
            spec("unsqueeze squeeze", x -> x.unsqueeze(1).mul(ROW).squeeze(), 3),
            spec("squeeze dim", x -> x.squeeze(0).cumsum(0), 1, 4),
            spec("index", x -> x.index(1).mul(ROW.view(4)), 3, 4),
            spec("select negative", x -> x.select(1, -1).exp(), 3, 4),
            spec("slice", x -> x.slice(1, 1, 3).exp(), 3, 4),
            spec("slice step", x -> x.slice(0, 0, 5, 2).exp(), 5),
            spec("narrow", x -> x.narrow(0, 1, 2).sin(), 3, 4),
            spec("expand", x -> x.expand(3, 4).mul(MATRIX), 1, 4),
            spec("clone", x -> x.clone().mul(x), 3),
            spec("contiguous", x -> x.t().contiguous().cumsum(1), 3, 4),
            spec("to float64", x -> x.to(DType.FLOAT64).sin(), 3),
            spec("in-place mul on a non-leaf", x -> x.mul(1.0).mul_(x), 3),
            spec("in-place div on a non-leaf", x -> x.mul(2.0).div_(x.abs().add(1.0)), 3),
            spec("in-place add into a view", x -> {
                Tensor y = x.mul(x);
                y.slice(0, 1, 3).add_(x.slice(0, 0, 2).exp());
                return y;
            }, 4),
            spec("copy into a view", x -> {
                Tensor y = x.mul(3.0);
                y.index(0).copy_(x.index(2).sin());
                return y;
            }, 3));

    private static Spec spec(String name, UnaryOperator<Tensor> f, long... shape) {
        return new Spec(name, shape, f);
    }

    private static Tensor constant(long[] shape, long seed) {
        Tensor.manualSeed(seed);
        return Tensor.randn(shape).to(DType.FLOAT64);
    }

    /** Inputs away from the kinks of abs/relu/sign and inside the domains of log/sqrt. */
    private static Tensor input(long[] shape, long seed) {
        Tensor.manualSeed(seed);
        Tensor x = Tensor.rand(shape).to(DType.FLOAT64).mul(2.0).add(0.2);
        Tensor signs = Tensor.randn(shape).to(DType.FLOAT64).sign();
        return x.mul(signs).requiresGrad_();
    }

    private static Tensor positiveInput(long[] shape, long seed) {
        Tensor.manualSeed(seed);
        return Tensor.rand(shape).to(DType.FLOAT64).mul(2.0).add(0.2).requiresGrad_();
    }

    private static Stream<Spec> allSpecs() {
        List<Spec> specs = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            specs.add(new Spec(op.name().toLowerCase(), new long[] {2, 3}, op::apply));
            specs.add(new Spec(op.name().toLowerCase() + " of a transposed view", new long[] {3, 2},
                    x -> op.apply(x.t())));
        }
        specs.addAll(SPECS);
        return specs.stream();
    }

    private static Tensor inputFor(Spec spec) {
        String op = spec.name().split(" ")[0];
        if (op.equals("asin") || op.equals("acos") || op.equals("atanh")) {
            return input(spec.shape(), 42).detach().mul(0.4).requiresGrad_(); // inside (-1, 1)
        }
        if (op.equals("acosh")) {
            return positiveInput(spec.shape(), 42).detach().add(1.0).requiresGrad_(); // above 1
        }
        boolean needsPositive = op.startsWith("log") || op.startsWith("sqrt") || op.equals("rsqrt");
        return needsPositive ? positiveInput(spec.shape(), 42) : input(spec.shape(), 42);
    }

    @TestFactory
    Stream<DynamicTest> firstDerivativesMatchFiniteDifferences() {
        return allSpecs().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> assertTrue(GradCheck.gradcheck(spec.f(), inputFor(spec)))));
    }

    @TestFactory
    Stream<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        return allSpecs().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> assertTrue(GradCheck.gradgradcheck(spec.f(), inputFor(spec)))));
    }

    /**
     * Forward mode agrees with reverse mode (see JvpCheck). In-place specs are left out: forward AD
     * refuses in-place ops on dual tensors.
     */
    @TestFactory
    Stream<DynamicTest> forwardModeMatchesReverseMode() {
        return allSpecs().filter(spec -> !spec.name().contains("in-place") && !spec.name().startsWith("copy"))
                .map(spec -> DynamicTest.dynamicTest(spec.name(),
                        () -> JvpCheck.assertForwardMatchesReverse(spec.f(), inputFor(spec))));
    }
}
