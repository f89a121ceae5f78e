package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.KLDivLoss(reduction='mean', log_target=False)}: {@link F#klDiv}; input holds log-probabilities. */
public class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() {
        this("mean", false);
    }

    /** reduction may also be "batchmean". */
    public KLDivLoss(String reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.klDiv(input, target, reduction(), logTarget);
    }
}
