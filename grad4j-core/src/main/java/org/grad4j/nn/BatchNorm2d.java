package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * {@code nn.BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)}
 * over (N, C, H, W) input: statistics per channel C over N, H and W; see {@link BatchNorm}.
 */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(long numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** momentum null: cumulative moving average, as PyTorch's {@code momentum=None}. */
    public BatchNorm2d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) {
            throw new IllegalArgumentException("expected 4D input (got " + input.dim() + "D input)");
        }
    }
}
