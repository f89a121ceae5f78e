package org.grad4j;

import java.util.function.UnaryOperator;

/**
 * The activations of torch.nn.functional that PyTorch computes with a fused kernel and records
 * under its own node (LeakyReluBackward0, EluBackward0, GeluBackward0, ...), plus softmax and
 * log_softmax. Each is one forward formula and one derivative formula, both in Tensor ops; the
 * derivative reads the input (or, for softmax, the output) so second derivatives follow.
 */
final class ActivationOps {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double GELU_TANH_K = Math.sqrt(2 / Math.PI);
    private static final double GELU_TANH_C = 0.044715;
    /** PyTorch's hardsigmoid_backward multiplies by {@code 1.0f / 6.0f} (a float constant) for every dtype. */
    private static final double ONE_SIXTH_FLOAT = 1.0f / 6.0f;

    private ActivationOps() {
    }

    /** An elementwise op with forward {@code f} and derivative {@code df}, both of the input. */
    private static Tensor pointwise(String name, Tensor x, UnaryOperator<Tensor> f, UnaryOperator<Tensor> df) {
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {g.mul(df.apply(s[0]))};
        return Composite.op(name, () -> f.apply(x), rule, new Tensor[] {x}, x);
    }

    private static Tensor mask(Tensor condition, Tensor like) {
        return condition.to(like.dtype());
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        return pointwise("LeakyReluBackward0", x, t -> Tensor.where(t.gt(0.0), t, t.mul(slope)),
                t -> mask(t.gt(0.0), t).mul(1 - slope).add(slope));
    }

    /** PyTorch's elu kernel: {@code x > 0 ? scale x : scale alpha (exp(inputScale x) - 1)}; celu and selu reuse it. */
    static Tensor elu(Tensor x, double alpha, double scale, double inputScale, String name) {
        return pointwise(name, x,
                t -> Tensor.where(t.gt(0.0), t.mul(scale), t.mul(inputScale).expm1().mul(alpha * scale)),
                t -> Tensor.where(t.gt(0.0), Tensor.fullLike(t, scale),
                        t.mul(inputScale).exp().mul(alpha * scale * inputScale)));
    }

    static Tensor gelu(Tensor x, String approximate) {
        if (approximate.equals("tanh")) {
            return pointwise("GeluBackward0", x, t -> t.mul(0.5).mul(geluTanhInner(t).tanh().add(1.0)), t -> {
                Tensor th = geluTanhInner(t).tanh();
                Tensor dInner = t.mul(t).mul(3 * GELU_TANH_C).add(1.0).mul(GELU_TANH_K);
                return th.add(1.0).mul(0.5).add(t.mul(0.5).mul(th.mul(th).rsub(1)).mul(dInner));
            });
        }
        return pointwise("GeluBackward0", x, t -> t.mul(0.5).mul(t.mul(SQRT_HALF).erf().add(1.0)),
                t -> t.mul(SQRT_HALF).erf().add(1.0).mul(0.5).add(t.mul(t.mul(t).mul(-0.5).exp()).mul(INV_SQRT_2PI)));
    }

    private static Tensor geluTanhInner(Tensor t) {
        return t.add(t.mul(t).mul(t).mul(GELU_TANH_C)).mul(GELU_TANH_K);
    }

    static Tensor silu(Tensor x) {
        return pointwise("SiluBackward0", x, t -> t.mul(t.sigmoid()), t -> {
            Tensor s = t.sigmoid();
            return s.mul(t.mul(s.rsub(1)).add(1.0));
        });
    }

    static Tensor mish(Tensor x) {
        return pointwise("MishBackward0", x, t -> t.mul(stableSoftplus(t).tanh()), t -> {
            Tensor th = stableSoftplus(t).tanh();
            return th.add(t.mul(t.sigmoid()).mul(th.mul(th).rsub(1)));
        });
    }

    /** log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)). */
    private static Tensor stableSoftplus(Tensor t) {
        return t.relu().add(t.abs().neg().exp().log1p());
    }

    /** PyTorch's softplus kernel: linear where {@code beta x > threshold}, else log1p(exp(beta x)) / beta. */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        return pointwise("SoftplusBackward0", x,
                t -> Tensor.where(t.mul(beta).gt(threshold), t, t.mul(beta).exp().log1p().div(beta)),
                t -> Tensor.where(t.mul(beta).gt(threshold), Tensor.onesLike(t), t.mul(beta).sigmoid()));
    }

    static Tensor hardtanh(Tensor x, double min, double max) {
        return pointwise("HardtanhBackward0", x, t -> t.clamp(min, max),
                t -> mask(t.gt(min).logicalAnd(t.lt(max)), t));
    }

    static Tensor hardsigmoid(Tensor x) {
        return pointwise("HardsigmoidBackward0", x, t -> t.add(3.0).clamp(0.0, 6.0).div(6.0),
                t -> mask(t.gt(-3.0).logicalAnd(t.lt(3.0)), t).mul(ONE_SIXTH_FLOAT));
    }

    static Tensor hardswish(Tensor x) {
        return pointwise("HardswishBackward0", x, t -> t.mul(t.add(3.0).clamp(0.0, 6.0)).div(6.0),
                t -> Tensor.where(t.lt(-3.0), Tensor.zerosLike(t),
                        Tensor.where(t.le(3.0), t.div(3.0).add(0.5), Tensor.onesLike(t))));
    }

    static Tensor logsigmoid(Tensor x) {
        return pointwise("LogSigmoidBackward0", x, t -> stableSoftplus(t.neg()).neg(), t -> t.neg().sigmoid());
    }

    /** exp(x - max) / sum: the derivative reads the output y, {@code y (g - sum(g y))}. */
    static Tensor softmax(Tensor x, int dim) {
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {s[0].mul(g.sub(g.mul(s[0]).sum(dim, true)))};
        Tensor out = Composite.untracked(() -> {
            Tensor e = x.sub(x.amax(dim, true)).exp();
            return e.div(e.sum(dim, true));
        }, x);
        return OpNode.shouldRecord(x) ? OpNode.record(out, "SoftmaxBackward0", rule, new Tensor[] {x}, out) : out;
    }

    /** x - logsumexp(x): the derivative reads the output y, {@code g - exp(y) sum(g)}. */
    static Tensor logSoftmax(Tensor x, int dim) {
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {g.sub(s[0].exp().mul(g.sum(dim, true)))};
        Tensor out = Composite.untracked(() -> {
            Tensor shifted = x.sub(x.amax(dim, true));
            return shifted.sub(shifted.exp().sum(dim, true).log());
        }, x);
        return OpNode.shouldRecord(x) ? OpNode.record(out, "LogSoftmaxBackward0", rule, new Tensor[] {x}, out) : out;
    }
}
