package org.grad4j;

/**
 * The differentiable neural-network primitives behind {@code org.grad4j.nn.functional.F}: the ops
 * PyTorch runs as one fused kernel and records as one node (SoftmaxBackward0, NllLossBackward0,
 * ConvolutionBackward0, ...). Each records that node with a backward rule written in Tensor ops,
 * so double backward and forward mode work. Arguments are not validated here: use {@code F}, which
 * checks them with PyTorch's messages and composes these primitives as PyTorch does.
 *
 * <pre>{@code
 * Tensor y = NeuralNetOps.softmax(Tensor.randn(2, 3).requiresGrad_(), 1);  // grad_fn=<SoftmaxBackward0>
 * }</pre>
 */
public final class NeuralNetOps {
    private NeuralNetOps() {
    }

    // ---------------------------------------------------------------- activations

    /** {@code leaky_relu(x, slope)}: LeakyReluBackward0. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return ActivationOps.leakyRelu(x, negativeSlope);
    }

    /** {@code x > 0 ? scale x : scale alpha (exp(inputScale x) - 1)}, recorded as {@code nodeName} (EluBackward0 or CeluBackward0). */
    public static Tensor elu(Tensor x, double alpha, double scale, double inputScale, String nodeName) {
        return ActivationOps.elu(x, alpha, scale, inputScale, nodeName);
    }

    /** {@code gelu(x, approximate)} with approximate "none" or "tanh": GeluBackward0. */
    public static Tensor gelu(Tensor x, String approximate) {
        return ActivationOps.gelu(x, approximate);
    }

    /** {@code silu(x) = x sigmoid(x)}: SiluBackward0. */
    public static Tensor silu(Tensor x) {
        return ActivationOps.silu(x);
    }

    /** {@code mish(x) = x tanh(softplus(x))}: MishBackward0. */
    public static Tensor mish(Tensor x) {
        return ActivationOps.mish(x);
    }

    /** {@code softplus(x, beta, threshold)}: SoftplusBackward0. */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        return ActivationOps.softplus(x, beta, threshold);
    }

    /** {@code hardtanh(x, min, max)}: HardtanhBackward0 (relu6 too). */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        return ActivationOps.hardtanh(x, min, max);
    }

    /** HardsigmoidBackward0. */
    public static Tensor hardsigmoid(Tensor x) {
        return ActivationOps.hardsigmoid(x);
    }

    /** HardswishBackward0. */
    public static Tensor hardswish(Tensor x) {
        return ActivationOps.hardswish(x);
    }

    /** {@code log(sigmoid(x))} without overflow: LogSigmoidBackward0. */
    public static Tensor logsigmoid(Tensor x) {
        return ActivationOps.logsigmoid(x);
    }

    /** {@code softmax(x, dim)} (dim already wrapped): SoftmaxBackward0. */
    public static Tensor softmax(Tensor x, int dim) {
        return ActivationOps.softmax(x, dim);
    }

    /** {@code log_softmax(x, dim)} (dim already wrapped), logsumexp-stable: LogSoftmaxBackward0. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return ActivationOps.logSoftmax(x, dim);
    }

    // ---------------------------------------------------------------- losses

    /** {@code x / s} with s a C++ scalar: DivBackward1 (where PyTorch's composite losses end). */
    public static Tensor divScalar(Tensor x, double s) {
        return LossOps.divScalar(x, s);
    }

    /** mse_loss of same-shaped tensors: MseLossBackward0. */
    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        return LossOps.pointwiseLoss("MseLossBackward0", input, target, reduction, d -> d.mul(d), d -> d.mul(2.0));
    }

    /** smooth_l1_loss of same-shaped tensors, beta &gt; 0: SmoothL1LossBackward0. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        return LossOps.pointwiseLoss("SmoothL1LossBackward0", input, target, reduction,
                d -> Tensor.where(d.abs().lt(beta), d.mul(d).mul(0.5 / beta), d.abs().sub(0.5 * beta)),
                d -> Tensor.where(d.abs().lt(beta), d.div(beta), d.sign()));
    }

    /** huber_loss of same-shaped tensors, delta &gt; 0: HuberLossBackward0. */
    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        return LossOps.pointwiseLoss("HuberLossBackward0", input, target, reduction,
                d -> Tensor.where(d.abs().lt(delta), d.mul(d).mul(0.5), d.abs().sub(0.5 * delta).mul(delta)),
                d -> Tensor.where(d.abs().le(delta), d, d.sign().mul(delta)));
    }

    /**
     * nll_loss with validated targets (class dim 0 for a 1-D input, else 1), recorded as
     * {@code nodeName} (NllLossBackward0 or NllLoss2DBackward0); weight may be null.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex,
                                 String nodeName) {
        return LossOps.nllLoss(input, target, weight, reduction, ignoreIndex, nodeName);
    }

    /** binary_cross_entropy, weight null or of the input's shape: BinaryCrossEntropyBackward0. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        return LossOps.binaryCrossEntropy(input, target, weight, reduction);
    }

    /** binary_cross_entropy_with_logits; weight and posWeight null or broadcastable: BinaryCrossEntropyWithLogitsBackward0. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      String reduction) {
        return LossOps.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    // ---------------------------------------------------------------- normalization and lookup

    /**
     * layer_norm over the last {@code normalizedDims} dims; weight and bias (null or of those dims'
     * shape) scale and shift: NativeLayerNormBackward0.
     */
    public static Tensor layerNorm(Tensor x, int normalizedDims, Tensor weight, Tensor bias, double eps) {
        return NormalizationOps.layerNorm(x, normalizedDims, weight, bias, eps);
    }

    /**
     * batch_norm over every dim but 1: with {@code useBatchStats} the batch statistics normalize and
     * the running stats (when not null) are updated in place with {@code momentum}; otherwise the
     * running stats normalize. NativeBatchNormBackward0.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean useBatchStats, double momentum, double eps) {
        return NormalizationOps.batchNorm(x, runningMean, runningVar, weight, bias, useBatchStats, momentum, eps);
    }

    /** embedding of in-range INT64 indices; paddingIdx already wrapped, -1 for none: EmbeddingBackward0. */
    public static Tensor embedding(Tensor indices, Tensor weight, long paddingIdx) {
        return EmbeddingOps.embedding(indices, weight, paddingIdx);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /**
     * convolution of a batched input (N, C, L) or (N, C, H, W) with weight (O, C / groups, k...) and
     * bias (O) or null; stride, padding and dilation hold one entry per spatial dim. Arguments are
     * assumed valid (F checks them): ConvolutionBackward0.
     */
    public static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                     long[] dilation, long groups) {
        boolean oneDimensional = input.dim() == 3;
        long[] kernel = oneDimensional ? new long[] {1, weight.size(2)} : new long[] {weight.size(2), weight.size(3)};
        long[] s = oneDimensional ? new long[] {1, stride[0]} : stride;
        long[] p = oneDimensional ? new long[] {0, padding[0]} : padding;
        long[] d = oneDimensional ? new long[] {1, dilation[0]} : dilation;
        long[] size = oneDimensional ? new long[] {1, input.size(2)} : new long[] {input.size(2), input.size(3)};
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            out[i] = (size[i] + 2 * p[i] - d[i] * (kernel[i] - 1) - 1) / s[i] + 1;
        }
        return WindowOps.convolution(input, weight, bias, new WindowOps.Geometry(kernel, s, p, d, out), groups);
    }

    /** ATen's pooling output size along one dim (floor, or ceil with the last window starting inside). */
    public static long poolingOutputSize(long inputSize, long kernel, long padding, long stride, long dilation,
                                         boolean ceilMode) {
        return WindowOps.poolingOutputSize(inputSize, kernel, padding, stride, dilation, ceilMode);
    }

    /** max_pool2d of a (C, H, W) or (N, C, H, W) input with two-entry sizes: MaxPool2DWithIndicesBackward0. */
    public static Tensor maxPool2d(Tensor input, long[] kernel, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        return WindowOps.maxPool2d(input, poolGeometry(input, kernel, stride, padding, dilation, ceilMode));
    }

    /** avg_pool2d of a (C, H, W) or (N, C, H, W) input with two-entry sizes: AvgPool2DBackward0. */
    public static Tensor avgPool2d(Tensor input, long[] kernel, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        long[] ones = {1, 1};
        WindowOps.Geometry geo = poolGeometry(input, kernel, stride, padding, ones, ceilMode);
        Tensor divisors = WindowOps.averageDivisors(geo, input.size(-2), input.size(-1), countIncludePad,
                divisorOverride);
        return WindowOps.avgPool2d(input, geo, divisors);
    }

    private static WindowOps.Geometry poolGeometry(Tensor input, long[] kernel, long[] stride, long[] padding,
                                                   long[] dilation, boolean ceilMode) {
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            out[i] = poolingOutputSize(input.size(input.dim() - 2 + i), kernel[i], padding[i], stride[i], dilation[i],
                    ceilMode);
        }
        return new WindowOps.Geometry(kernel, stride, padding, dilation, out);
    }

    /** adaptive_avg_pool2d to (out_h, out_w) of a (C, H, W) or (N, C, H, W) input: AdaptiveAvgPool2DBackward0. */
    public static Tensor adaptiveAvgPool2d(Tensor input, long[] outputSize) {
        return ResampleOps.separable("AdaptiveAvgPool2DBackward0", input,
                ResampleOps.adaptiveAverageMatrix(input.size(-2), outputSize[0]),
                ResampleOps.adaptiveAverageMatrix(input.size(-1), outputSize[1]));
    }

    // ---------------------------------------------------------------- padding and upsampling

    /** constant_pad_nd: (before, after) pairs from the last dim on, negative entries crop: ConstantPadNdBackward0. */
    public static Tensor constantPad(Tensor input, long[] pad, double value) {
        return ResampleOps.constantPad(input, pad, value);
    }

    /**
     * reflection (mirror without the edge) or replication (edge repeated) padding of the last dim
     * (pad of length 2: ReflectionPad1DBackward0 / ReplicationPad1DBackward0) or the last two
     * (length 4: ...Pad2DBackward0).
     */
    public static Tensor reflectionOrReplicationPad(Tensor input, long[] pad, boolean reflect) {
        String name = (reflect ? "ReflectionPad" : "ReplicationPad") + pad.length / 2 + "DBackward0";
        Tensor rows = pad.length == 4 ? ResampleOps.padMatrix(input.size(-2), pad[2], pad[3], reflect) : null;
        return ResampleOps.separable(name, input, rows, ResampleOps.padMatrix(input.size(-1), pad[0], pad[1], reflect));
    }

    /**
     * upsample_nearest of the last dim (3-D input, UpsampleNearest1DBackward1) or last two (4-D,
     * UpsampleNearest2DBackward1) to {@code outputSize}; scaleFactors (or null) are the ones the
     * caller gave, which ATen's index arithmetic uses instead of in / out.
     */
    public static Tensor upsampleNearest(Tensor input, long[] outputSize, double[] scaleFactors) {
        int spatial = outputSize.length;
        Tensor cols = ResampleOps.nearestMatrix(input.size(-1), outputSize[spatial - 1],
                scaleFactors == null ? null : scaleFactors[spatial - 1]);
        Tensor rows = spatial == 2 ? ResampleOps.nearestMatrix(input.size(-2), outputSize[0],
                scaleFactors == null ? null : scaleFactors[0]) : null;
        return ResampleOps.separable("UpsampleNearest" + spatial + "DBackward1", input, rows, cols);
    }

    /** upsample_bilinear2d of a 4-D input to (out_h, out_w): UpsampleBilinear2DBackward1. */
    public static Tensor upsampleBilinear2d(Tensor input, long[] outputSize, boolean alignCorners,
                                            double[] scaleFactors) {
        return ResampleOps.separable("UpsampleBilinear2DBackward1", input,
                ResampleOps.linearMatrix(input.size(2), outputSize[0], alignCorners,
                        scaleFactors == null ? null : scaleFactors[0]),
                ResampleOps.linearMatrix(input.size(3), outputSize[1], alignCorners,
                        scaleFactors == null ? null : scaleFactors[1]));
    }
}
