package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.nn.functional.F;

/**
 * PyTorch's {@code _BatchNorm}, the shared body of {@link BatchNorm1d} and {@link BatchNorm2d}:
 * per-channel (dim 1) normalization with optional affine parameters {@code weight}/{@code bias} and,
 * when tracking running stats, the buffers {@code running_mean}, {@code running_var} and
 * {@code num_batches_tracked} (INT64) under PyTorch's state-dict names.
 *
 * <p>In training mode it normalizes with the batch statistics and, when tracking, counts the batch
 * and moves the running stats by {@code momentum} (a null momentum averages over all batches seen).
 * In eval mode it normalizes with the running stats, or with the batch statistics when it does not
 * track them.
 */
public abstract class BatchNorm extends Module {
    private final long numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    /** momentum null: cumulative moving average, as PyTorch's {@code momentum=None}. */
    protected BatchNorm(long numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        registerParameter("weight", affine ? Parameter.of(Tensor.ones(numFeatures)) : null);
        registerParameter("bias", affine ? Parameter.of(Tensor.zeros(numFeatures)) : null);
        registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.zeros(new long[0], DType.INT64) : null);
    }

    /** Fails with PyTorch's message when input has the wrong rank for this layer. */
    protected abstract void checkInputDim(Tensor input);

    /** {@code reset_running_stats()}: running mean 0, running variance 1, no batches counted. */
    public void resetRunningStats() {
        if (trackRunningStats) {
            try (var off = Autograd.noGrad()) {
                runningMean().zero_();
                runningVar().fill_(1.0);
                numBatchesTracked().zero_();
            }
        }
    }

    /** {@code reset_parameters()}: running stats reset, weight 1, bias 0. */
    public void resetParameters() {
        resetRunningStats();
        if (affine) {
            Init.ones_(weight());
            Init.zeros_(bias());
        }
    }

    /** {@code bn.weight} ([num_features]), or null without affine parameters. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** {@code bn.bias} ([num_features]), or null without affine parameters. */
    public Tensor bias() {
        return parameter("bias");
    }

    /** {@code bn.running_mean}, or null when not tracking running stats. */
    public Tensor runningMean() {
        return buffer("running_mean");
    }

    /** {@code bn.running_var}, or null when not tracking running stats. */
    public Tensor runningVar() {
        return buffer("running_var");
    }

    /** {@code bn.num_batches_tracked} (0-d INT64), or null when not tracking running stats. */
    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    public long numFeatures() {
        return numFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInputDim(input);
        double averagingFactor = momentum == null ? 0.0 : momentum;
        boolean counting = isTraining() && trackRunningStats;
        if (counting) {
            long seen = numBatchesTracked().toLongArray()[0] + 1;
            averagingFactor = momentum == null ? 1.0 / seen : momentum;
        }
        boolean useBatchStats = isTraining() || runningMean() == null;
        boolean passStats = !isTraining() || trackRunningStats;
        Tensor out = F.batchNorm(input, passStats ? runningMean() : null, passStats ? runningVar() : null, weight(),
                bias(), useBatchStats, averagingFactor, eps);
        if (counting) {
            // Counted after F's checks so that a failing call leaves the count unchanged.
            try (var off = Autograd.noGrad()) {
                numBatchesTracked().add_(1.0);
            }
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + (momentum == null ? "None"
                : Repr.pyFloat(momentum)) + ", affine=" + Repr.bool(affine) + ", track_running_stats="
                + Repr.bool(trackRunningStats);
    }
}
