package org.grad4j;

/**
 * layer_norm (NativeLayerNormBackward0) and batch_norm (NativeBatchNormBackward0). Both normalize
 * {@code x} over some dims with the biased variance and then scale and shift; batch_norm in training
 * mode also updates the running statistics in place. The backward rules recompute the statistics
 * from the saved input with Tensor ops, so second derivatives follow.
 */
final class NormalizationOps {
    private NormalizationOps() {
    }

    /** Normalization over {@code dims} with batch statistics; weight and bias (null or broadcastable) scale and shift. */
    private static Tensor normalized(Tensor x, int[] dims, double eps) {
        Tensor centered = x.sub(x.mean(dims, true));
        return centered.mul(centered.mul(centered).mean(dims, true).add(eps).rsqrt());
    }

    private static Tensor affine(Tensor xhat, Tensor weight, Tensor bias) {
        Tensor out = weight == null ? xhat : xhat.mul(weight);
        return bias == null ? out : out.add(bias);
    }

    /**
     * The input gradient of {@code normalized(x, dims)} given the gradient {@code gxhat} of its
     * output: {@code rstd (gxhat - mean(gxhat) - xhat mean(gxhat xhat))}.
     */
    private static Tensor normalizedBackward(Tensor x, Tensor gxhat, int[] dims, double eps) {
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor rstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(rstd);
        return gxhat.sub(gxhat.mean(dims, true)).sub(xhat.mul(gxhat.mul(xhat).mean(dims, true))).mul(rstd);
    }

    /** Sums {@code t} over {@code dims} (none: unchanged) and reshapes it to {@code shape}. */
    private static Tensor sumTo(Tensor t, int[] dims, long[] shape) {
        return (dims.length == 0 ? t : t.sum(dims, false)).reshape(shape);
    }

    private static int[] range(int from, int to) {
        int[] dims = new int[Math.max(0, to - from)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = from + i;
        }
        return dims;
    }

    /** layer_norm over the last {@code normalizedDims} dims of {@code x}; weight and bias have those dims' shape. */
    static Tensor layerNorm(Tensor x, int normalizedDims, Tensor weight, Tensor bias, double eps) {
        int[] dims = range(x.dim() - normalizedDims, x.dim());
        int[] batchDims = range(0, x.dim() - normalizedDims);
        long[] biasShape = bias == null ? null : bias.shape();
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor xs = s[0];
            Tensor w = s[1];
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (node.needs(0)) {
                gx = normalizedBackward(xs, w == null ? g : g.mul(w), dims, eps);
            }
            if (node.needs(1)) {
                gw = sumTo(g.mul(normalized(xs, dims, eps)), batchDims, w.shape());
            }
            if (node.needs(2)) {
                gb = sumTo(g, batchDims, biasShape);
            }
            return new Tensor[] {gx, gw, gb};
        };
        return Composite.op("NativeLayerNormBackward0", () -> affine(normalized(x, dims, eps), weight, bias), rule,
                new Tensor[] {x, weight, bias}, x, weight);
    }

    /**
     * batch_norm over every dim but 1 (the channels). With {@code useBatchStats} the batch's mean and
     * biased variance normalize, and the running stats (when given) move towards the batch's mean and
     * unbiased variance by {@code momentum}; otherwise the running stats normalize.
     */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean useBatchStats, double momentum, double eps) {
        int[] dims = new int[x.dim() - 1];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i == 0 ? 0 : i + 1;
        }
        long[] channelShape = new long[x.dim()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = x.size(1);
        Tensor w = weight == null ? null : weight.view(channelShape);
        Tensor b = bias == null ? null : bias.view(channelShape);
        Tensor out;
        OpNode.BackwardRule rule;
        if (useBatchStats) {
            out = Composite.untracked(() -> affine(normalized(x, dims, eps), w, b), x, weight, bias);
            rule = (node, g, s) -> new Tensor[] {
                node.needs(0) ? normalizedBackward(s[0], s[1] == null ? g : g.mul(s[1].view(channelShape)), dims, eps) : null,
                node.needs(1) ? g.mul(normalized(s[0], dims, eps)).sum(dims, false) : null,
                node.needs(2) ? g.sum(dims, false) : null};
            if (runningMean != null) {
                updateRunningStats(x, dims, runningMean, runningVar, momentum);
            }
        } else {
            Tensor mean = runningMean.view(channelShape);
            Tensor rstd = runningVar.view(channelShape).add(eps).rsqrt();
            out = Composite.untracked(() -> affine(x.sub(mean).mul(rstd), w, b), x, weight, bias);
            rule = (node, g, s) -> new Tensor[] {
                node.needs(0) ? (s[1] == null ? g : g.mul(s[1].view(channelShape))).mul(rstd) : null,
                node.needs(1) ? g.mul(s[0].sub(mean).mul(rstd)).sum(dims, false) : null,
                node.needs(2) ? g.sum(dims, false) : null};
        }
        Tensor[] inputs = {x, weight, bias};
        return OpNode.shouldRecord(inputs) ? OpNode.record(out, "NativeBatchNormBackward0", rule, inputs, x, weight)
                : out;
    }

    /** {@code running = (1 - momentum) running + momentum batch}, with the unbiased batch variance. */
    private static void updateRunningStats(Tensor x, int[] dims, Tensor runningMean, Tensor runningVar,
                                           double momentum) {
        Composite.untracked(() -> {
            long count = x.numel() / x.size(1);
            Tensor mean = x.mean(dims, false);
            Tensor centered = x.sub(x.mean(dims, true));
            Tensor unbiasedVar = centered.mul(centered).sum(dims, false).div((double) (count - 1));
            runningMean.mul_(1 - momentum).add_(mean.mul(momentum).to(runningMean.dtype()));
            runningVar.mul_(1 - momentum).add_(unbiasedVar.mul(momentum).to(runningVar.dtype()));
            return mean;
        });
    }
}
