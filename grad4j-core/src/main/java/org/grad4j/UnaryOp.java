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
    RELU("ReluBackward0", UnaryKernel.RELU, Needs.OUTPUT, true, (x, y, g) -> g.mul(y.gt(0).to(g.dtype()))),
    ABS("AbsBackward0", UnaryKernel.ABS, Needs.INPUT, true, (x, y, g) -> g.mul(x.sign())),
    SQRT("SqrtBackward0", UnaryKernel.SQRT, Needs.OUTPUT, false, (x, y, g) -> g.div(y.mul(2.0))),
    SIGN("SignBackward0", UnaryKernel.SIGN, Needs.NOTHING, true, (x, y, g) -> Tensor.zerosLike(g));

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
