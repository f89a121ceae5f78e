package org.grad4j;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The losses PyTorch records under their own node: nll_loss (NllLossBackward0, NllLoss2DBackward0),
 * mse/smooth_l1/huber (one elementwise formula of {@code input - target} each), binary_cross_entropy
 * and binary_cross_entropy_with_logits, and division by a C++ scalar (DivBackward1), which the
 * composite losses end with. Inputs arrive validated and broadcast by {@code F}. {@code reduction}
 * is "none", "mean" or "sum".
 */
final class LossOps {
    private LossOps() {
    }

    static Tensor reduce(Tensor loss, String reduction) {
        switch (reduction) {
            case "mean": return loss.mean();
            case "sum": return loss.sum();
            default: return loss;
        }
    }

    /** The gradient of each element of the unreduced loss, given the gradient of the reduced one. */
    private static Tensor elementGrad(Tensor g, String reduction, long numel) {
        return reduction.equals("mean") ? g.div((double) numel) : g;
    }

    /** {@code x / s} for a scalar given in C++ (PyTorch's div.Scalar), recorded as DivBackward1. */
    static Tensor divScalar(Tensor x, double s) {
        return Composite.op("DivBackward1", () -> x.div(s), (node, g, saved) -> new Tensor[] {g.div(s)},
                new Tensor[] {x});
    }

    /**
     * A loss that is {@code f(input - target)} elementwise before reduction; {@code df} is f's
     * derivative. Input and target have the same shape.
     */
    static Tensor pointwiseLoss(String name, Tensor input, Tensor target, String reduction,
                                UnaryOperator<Tensor> f, UnaryOperator<Tensor> df) {
        long numel = input.numel();
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor grad = df.apply(s[0].sub(s[1])).mul(elementGrad(g, reduction, numel));
            return new Tensor[] {node.needs(0) ? grad : null, node.needs(1) ? grad.neg() : null};
        };
        return Composite.op(name, () -> reduce(f.apply(input.sub(target)), reduction), rule,
                new Tensor[] {input, target}, input, target);
    }

    /**
     * nll_loss over the class dimension (0 for a 1-D input, else 1): {@code -weight[t] input[t]}
     * per element, elements whose target is {@code ignoreIndex} contribute nothing, and "mean"
     * divides by the total weight of the counted targets. Targets are checked by {@code F}.
     */
    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex,
                          String name) {
        int classDim = input.dim() == 1 ? 0 : 1;
        long classes = input.size(classDim);
        // Each element's target class (0 where ignored) along classDim, and its weight (0 where ignored).
        Tensor counted = Composite.untracked(() -> target.ne((double) ignoreIndex));
        Tensor safeTarget = Composite.untracked(() -> Tensor.where(counted, target, 0L).unsqueeze(classDim));
        Tensor targetWeight = Composite.untracked(() -> {
            Tensor w = weight == null ? Tensor.onesLike(target).to(input.dtype())
                    : weight.indexSelect(0, safeTarget.flatten()).reshape(target.shape()).to(input.dtype());
            return w.mul(counted.to(input.dtype()));
        });
        Tensor totalWeight = Composite.untracked(targetWeight::sum);
        // d loss / d input for a unit gradient of each element: -weight[t] at the target class, 0 elsewhere.
        Tensor perElement = Composite.untracked(() -> {
            long[] classShape = new long[input.dim()];
            Arrays.fill(classShape, 1);
            classShape[classDim] = classes;
            Tensor oneHot = safeTarget.eq(Tensor.arange(classes).reshape(classShape)).to(input.dtype());
            return oneHot.mul(targetWeight.unsqueeze(classDim)).neg();
        });
        Tensor out = Composite.untracked(() -> {
            Tensor loss = input.gather(classDim, safeTarget).squeeze(classDim).mul(targetWeight).neg();
            switch (reduction) {
                case "mean": return loss.sum().div(totalWeight);
                case "sum": return loss.sum();
                default: return loss;
            }
        }, input);
        OpNode.BackwardRule rule = (node, g, s) -> {
            if (reduction.equals("mean")) {
                // PyTorch writes no gradient for an ignored target: with every target ignored the
                // total weight is 0, and 0 * (g / 0) would otherwise turn those zeros into NaN.
                Tensor grad = perElement.mul(g.div(totalWeight));
                return new Tensor[] {Tensor.where(counted.unsqueeze(classDim), grad, 0.0)};
            }
            Tensor scale = reduction.equals("none") ? g.unsqueeze(classDim) : g;
            return new Tensor[] {perElement.mul(scale)};
        };
        return OpNode.shouldRecord(input) ? OpNode.record(out, name, rule, new Tensor[] {input}) : out;
    }

    /**
     * binary_cross_entropy: {@code -w (t log x + (1 - t) log(1 - x))} with each log clamped at
     * -100, as PyTorch does so that x = 0 or 1 gives a finite loss. {@code weight} is null or
     * already expanded to the input's shape.
     */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        long numel = input.numel();
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor x = s[0];
            Tensor t = s[1];
            Tensor scale = elementGrad(g, reduction, numel);
            if (s[2] != null) {
                scale = scale.mul(s[2]);
            }
            Tensor gx = node.needs(0) ? x.sub(t).div(x.mul(x.rsub(1)).clampMin(1e-12)).mul(scale) : null;
            Tensor gt = node.needs(1) ? x.rsub(1).log().sub(x.log()).mul(scale) : null;
            return new Tensor[] {gx, gt};
        };
        return Composite.op("BinaryCrossEntropyBackward0", () -> {
            Tensor logX = input.log().clampMin(-100.0);
            Tensor log1mX = input.rsub(1).log().clampMin(-100.0);
            Tensor loss = target.mul(logX).add(target.rsub(1).mul(log1mX)).neg();
            return reduce(weight == null ? loss : loss.mul(weight), reduction);
        }, rule, new Tensor[] {input, target}, input, target, weight);
    }

    /**
     * binary_cross_entropy_with_logits in PyTorch's stable form,
     * {@code (1 - t) x + (1 + (p - 1) t) softplus(-x)} with {@code softplus(-x) = m + log(exp(-m) + exp(-x - m))},
     * {@code m = max(-x, 0)}. {@code weight} and {@code posWeight} are null or broadcastable to the input.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                               String reduction) {
        long numel = input.numel();
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor x = s[0];
            Tensor t = s[1];
            Tensor scale = elementGrad(g, reduction, numel);
            if (s[2] != null) {
                scale = scale.mul(s[2]);
            }
            Tensor gx = null;
            Tensor gt = null;
            if (node.needs(0)) {
                Tensor d = s[3] == null ? x.sigmoid().sub(t)
                        : s[3].mul(t).add(1.0).sub(t).mul(x.sigmoid()).sub(s[3].mul(t));
                gx = d.mul(scale);
            }
            if (node.needs(1)) {
                Tensor d = s[3] == null ? x.neg() : x.neg().add(s[3].sub(1.0).mul(softplusOfNegative(x)));
                gt = d.mul(scale);
            }
            return new Tensor[] {gx, gt};
        };
        return Composite.op("BinaryCrossEntropyWithLogitsBackward0", () -> {
            Tensor logWeight = posWeight == null ? null : posWeight.sub(1.0).mul(target).add(1.0);
            Tensor sp = softplusOfNegative(input);
            Tensor loss = target.rsub(1).mul(input).add(logWeight == null ? sp : logWeight.mul(sp));
            return reduce(weight == null ? loss : loss.mul(weight), reduction);
        }, rule, new Tensor[] {input, target}, input, target, weight, posWeight);
    }

    /** log(1 + exp(-x)) as PyTorch writes it: {@code m + log(exp(-m) + exp(-x - m))}, {@code m = max(-x, 0)}. */
    private static Tensor softplusOfNegative(Tensor x) {
        Tensor m = x.neg().clampMin(0.0);
        return m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
    }
}
