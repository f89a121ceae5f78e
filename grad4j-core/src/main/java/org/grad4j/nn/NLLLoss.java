package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.NLLLoss(weight=None, ignore_index=-100, reduction='mean')}: {@link F#nllLoss} over
 * log-probabilities. The class weight is a buffer named "weight" (absent when null), as in PyTorch.
 */
public class NLLLoss extends Loss {
    private final long ignoreIndex;

    public NLLLoss() {
        this(null, -100, "mean");
    }

    public NLLLoss(Tensor weight, long ignoreIndex, String reduction) {
        super(reduction);
        this.ignoreIndex = ignoreIndex;
        registerBuffer("weight", weight);
    }

    /** {@code loss.weight}, or null. */
    public Tensor weight() {
        return buffer("weight");
    }

    public long ignoreIndex() {
        return ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.nllLoss(input, target, weight(), reduction(), ignoreIndex);
    }
}
