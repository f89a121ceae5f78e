package org.grad4j.optim;

import java.util.Collection;
import java.util.List;
import org.grad4j.Tensor;

/**
 * {@code torch.optim.AdamW}: Adam with decoupled weight decay (the parameters shrink by
 * {@code 1 - lr * weight_decay} each step before the Adam update), default weight_decay 1e-2,
 * as PyTorch 1.13's {@code _single_tensor_adamw}.
 */
public class AdamW extends Adam {
    private static final double DEFAULT_WEIGHT_DECAY = 1e-2;

    /** {@code AdamW(params, lr)}. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, new Options(lr));
    }

    /** {@code AdamW(params, lr=..., betas=..., weight_decay=..., ...)}; weight decay 1e-2 unless set. */
    public AdamW(List<Tensor> params, Options options) {
        this(single(params), options);
    }

    /** {@code AdamW([{'params': ...}, ...], lr=lr)}. */
    public AdamW(Collection<ParamGroup> groups, double lr) {
        this(groups, new Options(lr));
    }

    /** {@code AdamW([{'params': ...}, ...], ...)}. */
    public AdamW(Collection<ParamGroup> groups, Options options) {
        super(groups, options, DEFAULT_WEIGHT_DECAY);
    }

    @Override
    protected boolean decoupledWeightDecay() {
        return true;
    }
}
