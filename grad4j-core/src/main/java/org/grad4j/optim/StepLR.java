package org.grad4j.optim;

import java.util.List;
import java.util.stream.Collectors;

/** {@code lr_scheduler.StepLR(optimizer, step_size, gamma=0.1)}: multiplies the rate by gamma every step_size epochs. */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> computeLr() {
        if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
            return currentLrs();
        }
        return currentLrs().stream().map(lr -> lr * gamma).collect(Collectors.toList());
    }
}
