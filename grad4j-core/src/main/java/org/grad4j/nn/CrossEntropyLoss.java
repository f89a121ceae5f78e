package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)}:
 * {@link F#crossEntropy} on raw logits, with class-index or class-probability targets. The class
 * weight is a buffer named "weight" (absent when null), as in PyTorch.
 */
public class CrossEntropyLoss extends Loss {
    private final long ignoreIndex;
    private final double labelSmoothing;

    public CrossEntropyLoss() {
        this(null, -100, "mean", 0.0);
    }

    public CrossEntropyLoss(Tensor weight, long ignoreIndex, String reduction, double labelSmoothing) {
        super(reduction);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
        registerBuffer("weight", weight);
    }

    /** {@code loss.weight}, or null. */
    public Tensor weight() {
        return buffer("weight");
    }

    public long ignoreIndex() {
        return ignoreIndex;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.crossEntropy(input, target, weight(), reduction(), ignoreIndex, labelSmoothing);
    }
}
