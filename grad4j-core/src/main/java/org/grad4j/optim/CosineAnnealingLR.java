package org.grad4j.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0)}: the rate follows half a cosine
 * from its initial value down to eta_min over T_max epochs (and back up after), computed with
 * PyTorch 1.13's recursive {@code get_lr}.
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        int epoch = lastEpoch();
        List<Double> current = currentLrs();
        if (epoch == 0) {
            return current;
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            double lr = current.get(i);
            if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
                out.add(lr + (baseLrs().get(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
            } else {
                out.add((1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
                        * (lr - etaMin) + etaMin);
            }
        }
        return out;
    }
}
