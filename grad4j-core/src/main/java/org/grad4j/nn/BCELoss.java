package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.BCELoss(weight=None, reduction='mean')}: {@link F#binaryCrossEntropy} on probabilities.
 * The weight is a buffer named "weight" (absent when null), as in PyTorch.
 */
public class BCELoss extends Loss {
    public BCELoss() {
        this(null, "mean");
    }

    public BCELoss(Tensor weight, String reduction) {
        super(reduction);
        registerBuffer("weight", weight);
    }

    /** {@code loss.weight}, or null. */
    public Tensor weight() {
        return buffer("weight");
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropy(input, target, weight(), reduction());
    }
}
