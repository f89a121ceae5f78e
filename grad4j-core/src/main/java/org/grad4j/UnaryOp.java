package org.grad4j;

import org.grad4j.internal.kernel.UnaryKernel;

/**
 * The differentiable elementwise one-input ops, one line each: PyTorch's node name, the kernel,
 * what the derivative needs (input x, output y, or nothing), and the derivative written with
 * Tensor ops. Because the Jacobian of an elementwise op is diagonal, the same rule also gives its
 * forward-mode (JVP) product: apply it to the tangent instead of the gradient.
 */
public enum UnaryOp {
    NEG("NegBackward0", UnaryKernel.NEG, Needs.NOTHING, true, (x, y, g) -> g.neg()),
    EXP("ExpBackward0", UnaryKernel.EXP, Needs.OUTPUT, false, (x, y, g) -> g.mul(y)),
    LOG("LogBackward0", UnaryKernel.LOG, Needs.INPUT, false, (x, y, g) -> g.div(x)),
    SIN("SinBackward0", UnaryKernel.SIN, Needs.INPUT, false, (x, y, g) -> g.mul(x.cos())),
    COS("CosBackward0", UnaryKernel.COS, Needs.INPUT, false, (x, y, g) -> g.mul(x.sin().neg())),
    TANH("TanhBackward0", UnaryKernel.TANH, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.mul(y).rsub(1))),
    SIGMOID("SigmoidBackward0", UnaryKernel.SIGMOID, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.mul(y.rsub(1)))),
    // PyTorch's threshold_backward: where(result <= 0, 0, grad), so a NaN result passes its gradient on
    RELU("ReluBackward0", UnaryKernel.RELU, Needs.OUTPUT, true, (x, y, g) -> Tensor.where(y.le(0), 0.0, g)),
    ABS("AbsBackward0", UnaryKernel.ABS, Needs.INPUT, true, (x, y, g) -> g.mul(x.sign())),
    SQRT("SqrtBackward0", UnaryKernel.SQRT, Needs.OUTPUT, false, (x, y, g) -> g.div(y.mul(2.0))),
    SIGN("SignBackward0", UnaryKernel.SIGN, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g)),
    RECIPROCAL("ReciprocalBackward0", UnaryKernel.RECIPROCAL, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.mul(y)).neg()),
    RSQRT("RsqrtBackward0", UnaryKernel.RSQRT, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.pow(3.0)).mul(-0.5)),
    EXP2("Exp2Backward0", UnaryKernel.EXP2, Needs.OUTPUT, false, (x, y, g) -> g.mul(y).mul(Constants.LN2)),
    EXPM1("Expm1Backward0", UnaryKernel.EXPM1, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.add(1.0))),
    LOG1P("Log1PBackward0", UnaryKernel.LOG1P, Needs.INPUT, false, (x, y, g) -> g.div(x.add(1.0))),
    LOG2("Log2Backward0", UnaryKernel.LOG2, Needs.INPUT, false, (x, y, g) -> g.div(x.mul(Constants.LN2))),
    LOG10("Log10Backward0", UnaryKernel.LOG10, Needs.INPUT, false, (x, y, g) -> g.div(x.mul(Constants.LN10))),
    TAN("TanBackward0", UnaryKernel.TAN, Needs.OUTPUT, false, (x, y, g) -> g.mul(y.mul(y).add(1.0))),
    ASIN("AsinBackward0", UnaryKernel.ASIN, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).rsub(1).rsqrt())),
    ACOS("AcosBackward0", UnaryKernel.ACOS, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).rsub(1).rsqrt().neg())),
    ATAN("AtanBackward0", UnaryKernel.ATAN, Needs.INPUT, false, (x, y, g) -> g.div(x.mul(x).add(1.0))),
    SINH("SinhBackward0", UnaryKernel.SINH, Needs.INPUT, false, (x, y, g) -> g.mul(x.cosh())),
    COSH("CoshBackward0", UnaryKernel.COSH, Needs.INPUT, false, (x, y, g) -> g.mul(x.sinh())),
    ASINH("AsinhBackward0", UnaryKernel.ASINH, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).add(1.0).rsqrt())),
    ACOSH("AcoshBackward0", UnaryKernel.ACOSH, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).sub(1.0).rsqrt())),
    ATANH("AtanhBackward0", UnaryKernel.ATANH, Needs.INPUT, false, (x, y, g) -> g.div(x.mul(x).rsub(1))),
    ERF("ErfBackward0", UnaryKernel.ERF, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).neg().exp().mul(Constants.TWO_OVER_SQRT_PI))),
    ERFC("ErfcBackward0", UnaryKernel.ERFC, Needs.INPUT, false, (x, y, g) -> g.mul(x.mul(x).neg().exp().mul(-Constants.TWO_OVER_SQRT_PI))),
    FLOOR("FloorBackward0", UnaryKernel.FLOOR, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g)),
    CEIL("CeilBackward0", UnaryKernel.CEIL, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g)),
    ROUND("RoundBackward0", UnaryKernel.ROUND, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g)),
    TRUNC("TruncBackward0", UnaryKernel.TRUNC, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g)),
    FRAC("FracBackward0", UnaryKernel.FRAC, Needs.NOTHING, false, (x, y, g) -> g);

    /** Constants of the derivatives above (an enum's own static fields are not visible to its constants). */
    private static final class Constants {
        static final double LN2 = Math.log(2);
        static final double LN10 = Math.log(10);
        static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    }

    /** What a derivative reads besides the incoming gradient. */
    enum Needs { NOTHING, INPUT, OUTPUT }

    /** d(op)/dx applied to g, given the op's input x and output y (null unless declared needed). */
    @FunctionalInterface
    interface Derivative {
        Tensor apply(Tensor x, Tensor y, Tensor g);
    }

    final String nodeName;
    final UnaryKernel kernel;
    final Needs needs;
    /** True when INT64 inputs stay INT64 (neg, abs, ...); otherwise they are computed as FLOAT32, as in PyTorch. */
    final boolean keepsIntegers;
    final Derivative derivative;
    final OpNode.BackwardRule rule;

    UnaryOp(String nodeName, UnaryKernel kernel, Needs needs, boolean keepsIntegers, Derivative derivative) {
        this.nodeName = nodeName;
        this.kernel = kernel;
        this.needs = needs;
        this.keepsIntegers = keepsIntegers;
        this.derivative = derivative;
        this.rule = (node, g, saved) -> new Tensor[] {derivative.apply(saved[0], saved[1], g)};
    }

    /** Applies this op to x (the same as x.exp(), x.sin(), ...). */
    public Tensor apply(Tensor x) {
        return Pointwise.unary(x, this);
    }

    /** PyTorch's node name, e.g. {@code ExpBackward0}. */
    public String nodeName() {
        return nodeName;
    }
}
