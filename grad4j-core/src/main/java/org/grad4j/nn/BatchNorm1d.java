package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * {@code nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)}
 * over (N, C) or (N, C, L) input: statistics per channel C over the batch (and L); see {@link BatchNorm}.
 */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(long numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** momentum null: cumulative moving average, as PyTorch's {@code momentum=None}. */
    public BatchNorm1d(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + input.dim() + "D input)");
        }
    }
}
