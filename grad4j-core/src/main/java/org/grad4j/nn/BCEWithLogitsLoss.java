package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.BCEWithLogitsLoss(weight=None, reduction='mean', pos_weight=None)}:
 * {@link F#binaryCrossEntropyWithLogits} on logits. weight and posWeight are buffers named
 * "weight" and "pos_weight" (absent when null), as in PyTorch.
 */
public class BCEWithLogitsLoss extends Loss {
    public BCEWithLogitsLoss() {
        this(null, "mean", null);
    }

    public BCEWithLogitsLoss(Tensor weight, String reduction, Tensor posWeight) {
        super(reduction);
        registerBuffer("weight", weight);
        registerBuffer("pos_weight", posWeight);
    }

    /** {@code loss.weight}, or null. */
    public Tensor weight() {
        return buffer("weight");
    }

    /** {@code loss.pos_weight}, or null. */
    public Tensor posWeight() {
        return buffer("pos_weight");
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, weight(), posWeight(), reduction());
    }
}
