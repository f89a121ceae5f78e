package org.grad4j.optim;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code lr_scheduler.LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)}: scales
 * the rate by a factor moving linearly from start_factor to end_factor over total_iters epochs.
 */
public class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (startFactor > 1.0 || startFactor < 0) {
            throw new IllegalArgumentException("Starting multiplicative factor expected to be between 0 and 1.");
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new IllegalArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        int epoch = lastEpoch();
        if (epoch == 0) {
            return currentLrs().stream().map(lr -> lr * startFactor).collect(Collectors.toList());
        }
        if (epoch > totalIters) {
            return currentLrs();
        }
        double factor = 1. + (endFactor - startFactor)
                / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor));
        return currentLrs().stream().map(lr -> lr * factor).collect(Collectors.toList());
    }
}
