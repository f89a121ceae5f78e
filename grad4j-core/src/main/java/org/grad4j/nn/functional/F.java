package org.grad4j.nn.functional;

import java.util.Arrays;
import org.grad4j.DType;
import org.grad4j.NeuralNetOps;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * {@code torch.nn.functional}: activations, losses, normalization, dropout, embedding, convolution,
 * pooling, padding and interpolation as static methods with PyTorch's names in lowerCamelCase and
 * ATen's argument order (a loss takes {@code (input, target, ..., String reduction, ...)} with
 * reduction "mean", "sum" or "none"; Python's None is null). Each method validates its arguments
 * with PyTorch's messages before anything is computed, then either composes Tensor ops as PyTorch
 * does or calls the fused primitive in {@link NeuralNetOps}, so {@code gradFn()} names the node
 * PyTorch records.
 *
 * <pre>{@code
 * Tensor logits = Tensor.randn(4, 3).requiresGrad_();
 * Tensor loss = F.crossEntropy(logits, Tensor.of(0, 2, 1, 1));   // grad_fn=<NllLossBackward0>
 * loss.backward();
 * }</pre>
 */
public final class F {
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private F() {
    }

    // ---------------------------------------------------------------- linear

    /** {@code F.linear(input, weight)}: {@code input @ weight.T}. */
    public static Tensor linear(Tensor input, Tensor weight) {
        return linear(input, weight, null);
    }

    /**
     * {@code F.linear(input, weight, bias)}: {@code input @ weight.T + bias}, with ATen's fused
     * addmm for 2-D inputs (AddmmBackward0) and contiguous 3-D ones (addmm then a view).
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (bias != null && input.dim() == 2) {
            return Tensor.addmm(bias, input, weight.t(), 1.0, 1.0);
        }
        if (bias != null && input.dim() == 3 && input.isContiguous()) {
            long[] shape = input.shape();
            Tensor folded = Tensor.addmm(bias, input.view(-1, shape[2]), weight.t(), 1.0, 1.0);
            return folded.view(shape[0], shape[1], weight.size(0));
        }
        Tensor out = input.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    // ---------------------------------------------------------------- activations

    /** {@code F.relu(x)} (ReluBackward0). */
    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** {@code F.relu6(x)}: hardtanh(x, 0, 6), as PyTorch records it (HardtanhBackward0). */
    public static Tensor relu6(Tensor x) {
        return hardtanh(x, 0.0, 6.0);
    }

    /** {@code F.leaky_relu(x)} with negative slope 0.01. */
    public static Tensor leakyRelu(Tensor x) {
        return leakyRelu(x, 0.01);
    }

    /** {@code F.leaky_relu(x, negative_slope)} (LeakyReluBackward0). */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        requireFloating(x, "leaky_relu_cpu");
        return NeuralNetOps.leakyRelu(x, negativeSlope);
    }

    /** {@code F.elu(x)} with alpha 1. */
    public static Tensor elu(Tensor x) {
        return elu(x, 1.0);
    }

    /** {@code F.elu(x, alpha)} (EluBackward0). */
    public static Tensor elu(Tensor x, double alpha) {
        requireFloating(x, "elu_cpu");
        return NeuralNetOps.elu(x, alpha, 1.0, 1.0, "EluBackward0");
    }

    /** {@code F.selu(x)}: elu with PyTorch's fixed alpha and scale (EluBackward0). */
    public static Tensor selu(Tensor x) {
        requireFloating(x, "elu_cpu");
        return NeuralNetOps.elu(x, SELU_ALPHA, SELU_SCALE, 1.0, "EluBackward0");
    }

    /** {@code F.celu(x)} with alpha 1. */
    public static Tensor celu(Tensor x) {
        return celu(x, 1.0);
    }

    /** {@code F.celu(x, alpha)}: {@code max(0, x) + min(0, alpha (exp(x / alpha) - 1))} (CeluBackward0). */
    public static Tensor celu(Tensor x, double alpha) {
        if (alpha == 0) {
            throw new IllegalArgumentException("ZeroDivisionError: alpha cannot be 0 for CELU");
        }
        requireFloating(x, "elu_cpu");
        return NeuralNetOps.elu(x, alpha, 1.0, 1.0 / alpha, "CeluBackward0");
    }

    /** {@code F.gelu(x)}, the exact (erf) form. */
    public static Tensor gelu(Tensor x) {
        return gelu(x, "none");
    }

    /** {@code F.gelu(x, approximate)} with approximate "none" (erf) or "tanh" (GeluBackward0). */
    public static Tensor gelu(Tensor x, String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("approximate argument must be either none or tanh.");
        }
        requireFloating(x, "GeluKernelImpl");
        return NeuralNetOps.gelu(x, approximate);
    }

    /** {@code F.silu(x)}: {@code x sigmoid(x)} (SiluBackward0). */
    public static Tensor silu(Tensor x) {
        requireFloating(x, "silu_cpu");
        return NeuralNetOps.silu(x);
    }

    /** {@code F.mish(x)}: {@code x tanh(softplus(x))} (MishBackward0). */
    public static Tensor mish(Tensor x) {
        requireFloating(x, "mish_cpu");
        return NeuralNetOps.mish(x);
    }

    /** {@code F.softplus(x)} with beta 1 and threshold 20. */
    public static Tensor softplus(Tensor x) {
        return softplus(x, 1.0, 20.0);
    }

    /** {@code F.softplus(x, beta, threshold)}: {@code log(1 + exp(beta x)) / beta}, linear above the threshold (SoftplusBackward0). */
    public static Tensor softplus(Tensor x, double beta, double threshold) {
        requireFloating(x, "softplus_cpu");
        return NeuralNetOps.softplus(x, beta, threshold);
    }

    /** {@code F.softsign(x)}: {@code x / (1 + |x|)}, composed as in PyTorch (DivBackward0). */
    public static Tensor softsign(Tensor x) {
        return x.div(x.abs().add(1.0));
    }

    /** {@code F.hardtanh(x)}: clamp to [-1, 1]. */
    public static Tensor hardtanh(Tensor x) {
        return hardtanh(x, -1.0, 1.0);
    }

    /** {@code F.hardtanh(x, min_val, max_val)} (HardtanhBackward0). */
    public static Tensor hardtanh(Tensor x, double minVal, double maxVal) {
        requireFloating(x, "hardtanh_backward_cpu");
        return NeuralNetOps.hardtanh(x, minVal, maxVal);
    }

    /** {@code F.hardsigmoid(x)}: {@code relu6(x + 3) / 6} (HardsigmoidBackward0). */
    public static Tensor hardsigmoid(Tensor x) {
        requireFloating(x, "hardsigmoid_cpu");
        return NeuralNetOps.hardsigmoid(x);
    }

    /** {@code F.hardswish(x)}: {@code x relu6(x + 3) / 6} (HardswishBackward0). */
    public static Tensor hardswish(Tensor x) {
        requireFloating(x, "hardswish_cpu");
        return NeuralNetOps.hardswish(x);
    }

    /** {@code F.logsigmoid(x)}: {@code log(sigmoid(x))}, stable for large |x| (LogSigmoidBackward0). */
    public static Tensor logsigmoid(Tensor x) {
        requireFloating(x, "log_sigmoid_cpu");
        return NeuralNetOps.logsigmoid(x);
    }

    /** {@code F.sigmoid(x)} (SigmoidBackward0). */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** {@code F.tanh(x)} (TanhBackward0). */
    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /** {@code F.softmax(x, dim)} (SoftmaxBackward0). */
    public static Tensor softmax(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireFloating(x, "softmax_lastdim_kernel_impl");
        return NeuralNetOps.softmax(x, d);
    }

    /** {@code F.log_softmax(x, dim)}: {@code x - logsumexp(x, dim)} (LogSoftmaxBackward0). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireFloating(x, "log_softmax_lastdim_kernel_impl");
        return NeuralNetOps.logSoftmax(x, d);
    }

    // ---------------------------------------------------------------- classification losses

    /** {@code F.cross_entropy(input, target)}: mean over the batch, no weight, no smoothing. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, "mean", -100, 0.0);
    }

    /**
     * {@code F.cross_entropy(input, target, weight, reduction=, ignore_index=, label_smoothing=)}
     * (ATen's order). A target of the input's shape holds class probabilities; otherwise it holds
     * class indices (INT64) and the loss is log_softmax followed by nll_loss.
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex,
                                      double labelSmoothing) {
        requireReduction(reduction);
        int classDim = input.dim() == 1 ? 0 : 1;
        if (Arrays.equals(input.shape(), target.shape())) {
            return crossEntropyWithProbabilities(input, target, weight, reduction, ignoreIndex, labelSmoothing,
                    classDim);
        }
        if (labelSmoothing > 1.0) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: "
                    + number(labelSmoothing));
        }
        checkNllArguments(input, target, weight);
        Tensor logProbabilities = logSoftmax(input, classDim);
        Tensor nll = nllLossChecked(logProbabilities, target, weight, reduction, ignoreIndex);
        if (labelSmoothing <= 0.0) {
            return nll;
        }
        // PyTorch's cross_entropy_loss_label_smoothing: mix the nll with the loss against a uniform target.
        Tensor ignored = target.eq((double) ignoreIndex);
        Tensor perElement = weight == null ? logProbabilities.sum(classDim)
                : logProbabilities.mul(weight.view(classShape(input.dim(), classDim, weight.numel()))).sum(classDim);
        Tensor smooth = perElement.neg().maskedFill(ignored, 0.0);
        Tensor reduced;
        switch (reduction) {
            case "mean":
                Tensor counted = ignored.logicalNot();
                Tensor denominator = weight == null ? counted.sum()
                        : weight.gather(0, target.maskedSelect(counted).flatten()).sum();
                reduced = smooth.sum().div(denominator.to(smooth.dtype()));
                break;
            case "sum":
                reduced = smooth.sum();
                break;
            default:
                reduced = smooth;
        }
        long classes = input.size(classDim);
        return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
    }

    private static Tensor crossEntropyWithProbabilities(Tensor input, Tensor target, Tensor weight, String reduction,
                                                        long ignoreIndex, double labelSmoothing, int classDim) {
        if (!target.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Expected floating point type for target with class probabilities, got "
                    + target.dtype().scalarTypeName());
        }
        if (ignoreIndex >= 0) {
            throw new IllegalArgumentException("ignore_index is not supported for floating point target");
        }
        long classes = input.size(classDim);
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("cross_entropy: weight tensor should be defined either for all "
                    + classes + " classes or no classes but got weight tensor of shape: "
                    + Shapes.format(weight.shape()));
        }
        if (labelSmoothing > 1.0) {
            throw new IllegalArgumentException("label_smoothing must be between 0.0 and 1.0. Got: "
                    + number(labelSmoothing));
        }
        Tensor logProbabilities = logSoftmax(input, classDim);
        Tensor smoothed = labelSmoothing > 0.0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes) : target;
        Tensor product = logProbabilities.mul(smoothed);
        if (weight != null) {
            product = product.mul(weight.view(classShape(input.dim(), classDim, classes)));
        }
        switch (reduction) {
            case "mean": return NeuralNetOps.divScalar(product.sum().neg(), (double) (input.numel() / Math.max(classes, 1)));
            case "sum": return product.sum().neg();
            default: return product.sum(classDim).neg();
        }
    }

    /** {@code F.nll_loss(input, target)}: mean, no weight. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, "mean", -100);
    }

    /**
     * {@code F.nll_loss(input, target, weight, reduction=, ignore_index=)} (ATen's order): input
     * (C), (N, C) or (N, C, d1, ...) of log-probabilities, target of class indices.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex) {
        requireReduction(reduction);
        checkNllArguments(input, target, weight);
        return nllLossChecked(input, target, weight, reduction, ignoreIndex);
    }

    private static void checkNllArguments(Tensor input, Tensor target, Tensor weight) {
        if (input.dim() < 1) {
            throw new IllegalArgumentException("Expected 1 or more dimensions (got " + input.dim() + ")");
        }
        if (input.dim() != 1 && (target.dim() == 0 || input.size(0) != target.size(0))) {
            throw new IllegalArgumentException("Expected input batch_size (" + input.size(0)
                    + ") to match target batch_size (" + (target.dim() == 0 ? 1 : target.size(0)) + ").");
        }
        long classes = input.size(input.dim() == 1 ? 0 : 1);
        if (input.dim() <= 2) {
            if (target.dim() > 1) {
                throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
            }
            boolean noBatch = input.dim() == 1 && target.dim() == 0;
            if (!noBatch && input.size(0) != target.size(0)) {
                throw new IllegalArgumentException("size mismatch (got input: " + Shapes.format(input.shape())
                        + ", target: " + Shapes.format(target.shape()) + ")");
            }
        } else {
            long[] expected = new long[input.dim() - 1];
            expected[0] = input.size(0);
            System.arraycopy(input.shape(), 2, expected, 1, expected.length - 1);
            if (!Arrays.equals(expected, target.shape())) {
                throw new IllegalArgumentException("Expected target size " + Shapes.format(expected) + ", got "
                        + Shapes.format(target.shape()));
            }
        }
        if (weight != null && (weight.dim() != 1 || weight.numel() != classes)) {
            throw new IllegalArgumentException("weight tensor should be defined either for all " + classes
                    + " classes or no classes but got weight tensor of shape: " + Shapes.format(weight.shape()));
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("expected scalar type Long but found " + target.dtype().scalarTypeName());
        }
    }

    /** nll_loss after checkNllArguments: fails on an out-of-range target, then records PyTorch's node. */
    private static Tensor nllLossChecked(Tensor input, Tensor target, Tensor weight, String reduction,
                                         long ignoreIndex) {
        long classes = input.size(input.dim() == 1 ? 0 : 1);
        for (long t : target.toLongArray()) {
            if (t != ignoreIndex && (t < 0 || t >= classes)) {
                throw new IndexOutOfBoundsException("Target " + t + " is out of bounds.");
            }
        }
        if (input.dim() <= 2 || input.dim() == 4 || !reduction.equals("none")) {
            return NeuralNetOps.nllLoss(input, target, weight, reduction, ignoreIndex,
                    input.dim() <= 2 ? "NllLossBackward0" : "NllLoss2DBackward0");
        }
        // ATen runs other ranks through nll_loss2d on an (N, C, 1, -1) view and views the result back.
        long n = input.size(0);
        Tensor loss = NeuralNetOps.nllLoss(input.contiguous().view(n, input.size(1), 1, -1),
                target.contiguous().view(n, 1, -1), weight, reduction, ignoreIndex, "NllLoss2DBackward0");
        return loss.view(target.shape());
    }

    /** {@code F.binary_cross_entropy(input, target)}: mean, no weight. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, "mean");
    }

    /** {@code F.binary_cross_entropy(input, target, weight, reduction=)}: input holds probabilities in [0, 1]. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, String reduction) {
        requireReduction(reduction);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Using a target size (" + torchSize(target) + ") that is different to "
                    + "the input size (" + torchSize(input) + ") is deprecated. Please ensure they have the same size.");
        }
        Tensor expandedWeight = weight == null ? null : weight.expand(broadcastShape(target, weight));
        for (double v : input.toDoubleArray()) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("all elements of input should be between 0 and 1");
            }
        }
        return NeuralNetOps.binaryCrossEntropy(input, target, expandedWeight, reduction);
    }

    /** {@code F.binary_cross_entropy_with_logits(input, target)}: mean, no weights. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, "mean");
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(input, target, weight, pos_weight=, reduction=)}
     * (ATen's order), stable for large |input|; weight and posWeight broadcast against the input.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      String reduction) {
        requireReduction(reduction);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("Target size (" + torchSize(target) + ") must be the same as input size ("
                    + torchSize(input) + ")");
        }
        if (weight != null) {
            broadcastShape(input, weight);
        }
        if (posWeight != null) {
            broadcastShape(input, posWeight);
        }
        return NeuralNetOps.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    /** {@code F.kl_div(input, target)} with reduction "mean" (PyTorch's default). */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return klDiv(input, target, "mean", false);
    }

    /**
     * {@code F.kl_div(input, target, reduction=, log_target=)}: input holds log-probabilities;
     * reduction may also be "batchmean" (the sum divided by the batch size).
     */
    public static Tensor klDiv(Tensor input, Tensor target, String reduction, boolean logTarget) {
        boolean batchmean = reduction.equals("batchmean");
        if (!batchmean) {
            requireReduction(reduction);
        }
        broadcastShape(target, input);
        Tensor pointwise = logTarget ? target.exp().mul(target.sub(input))
                : Tensor.where(target.eq(0.0), 0.0, target.mul(target.log())).sub(target.mul(input));
        if (!batchmean) {
            return reduce(pointwise, reduction);
        }
        Tensor sum = pointwise.sum();
        return input.dim() == 0 ? sum : sum.div((double) input.size(0));
    }

    // ---------------------------------------------------------------- regression losses

    /** {@code F.mse_loss(input, target)}: mean. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, "mean");
    }

    /** {@code F.mse_loss(input, target, reduction=)}, broadcasting the two (MseLossBackward0). */
    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        requireReduction(reduction);
        Tensor[] both = broadcastTensors(input, target);
        requireFloating(both[0], "mse_cpu");
        return NeuralNetOps.mseLoss(both[0], both[1], reduction);
    }

    /** {@code F.l1_loss(input, target)}: mean. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, "mean");
    }

    /** {@code F.l1_loss(input, target, reduction=)}: {@code |input - target|} reduced, composed as in ATen. */
    public static Tensor l1Loss(Tensor input, Tensor target, String reduction) {
        requireReduction(reduction);
        Tensor[] both = broadcastTensors(input, target);
        return reduce(both[0].sub(both[1]).abs(), reduction);
    }

    /** {@code F.smooth_l1_loss(input, target)}: mean, beta 1. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, "mean", 1.0);
    }

    /** {@code F.smooth_l1_loss(input, target, reduction=, beta=)}; beta 0 is l1_loss, as in PyTorch. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, String reduction, double beta) {
        requireReduction(reduction);
        Tensor[] both = broadcastTensors(input, target);
        if (beta == 0.0) {
            return reduce(both[0].sub(both[1]).abs(), reduction);
        }
        if (beta < 0) {
            throw new IllegalArgumentException("smooth_l1_loss does not support negative values for beta.");
        }
        return NeuralNetOps.smoothL1Loss(both[0], both[1], reduction, beta);
    }

    /** {@code F.huber_loss(input, target)}: mean, delta 1. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, "mean", 1.0);
    }

    /** {@code F.huber_loss(input, target, reduction=, delta=)} (HuberLossBackward0). */
    public static Tensor huberLoss(Tensor input, Tensor target, String reduction, double delta) {
        requireReduction(reduction);
        Tensor[] both = broadcastTensors(input, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss does not support non-positive values for delta.");
        }
        return NeuralNetOps.huberLoss(both[0], both[1], reduction, delta);
    }

    // ---------------------------------------------------------------- normalization, dropout, embedding

    /** {@code F.layer_norm(input, normalized_shape)} with eps 1e-5 and no affine parameters. */
    public static Tensor layerNorm(Tensor input, long[] normalizedShape) {
        return layerNorm(input, normalizedShape, null, null, 1e-5);
    }

    /**
     * {@code F.layer_norm(input, normalized_shape, weight, bias, eps)}: normalizes over the trailing
     * dims given by {@code normalizedShape} with the biased variance (NativeLayerNormBackward0).
     */
    public static Tensor layerNorm(Tensor input, long[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String shape = Shapes.format(normalizedShape);
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("Expected normalized_shape to be at least 1-dimensional, i.e., "
                    + "containing at least one element, but got normalized_shape = " + shape);
        }
        if (weight != null && !Arrays.equals(weight.shape(), normalizedShape)) {
            throw new IllegalArgumentException("Expected weight to be of same shape as normalized_shape, but got weight "
                    + "of shape " + Shapes.format(weight.shape()) + " and normalized_shape = " + shape);
        }
        if (bias != null && !Arrays.equals(bias.shape(), normalizedShape)) {
            throw new IllegalArgumentException("Expected bias to be of same shape as normalized_shape, but got bias "
                    + "of shape " + Shapes.format(bias.shape()) + " and normalized_shape = " + shape);
        }
        long[] inputShape = input.shape();
        int lead = inputShape.length - normalizedShape.length;
        if (lead < 0 || !Arrays.equals(Arrays.copyOfRange(inputShape, lead, inputShape.length), normalizedShape)) {
            StringBuilder expected = new StringBuilder("[*");
            for (long size : normalizedShape) {
                expected.append(", ").append(size);
            }
            throw new IllegalArgumentException("Given normalized_shape=" + shape + ", expected input with shape "
                    + expected + "], but got input of size" + Shapes.format(inputShape));
        }
        requireFloating(input, "LayerNormKernelImpl");
        return NeuralNetOps.layerNorm(input, normalizedShape.length, weight, bias, eps);
    }

    /** {@code F.batch_norm(input, running_mean, running_var)}: evaluation mode, no affine parameters. */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar) {
        return batchNorm(input, runningMean, runningVar, null, null, false, 0.1, 1e-5);
    }

    /**
     * {@code F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)}
     * over every dim but the channels (dim 1). In training mode (or without running stats) the
     * batch statistics normalize and the running stats, if given, are updated in place:
     * {@code running = (1 - momentum) running + momentum batch} with the unbiased batch variance
     * (NativeBatchNormBackward0).
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        long[] size = input.shape();
        if (training) {
            long valuesPerChannel = size.length == 0 ? 1 : size[0];
            for (int i = 2; i < size.length; i++) {
                valuesPerChannel *= size[i];
            }
            if (valuesPerChannel == 1) {
                throw new IllegalArgumentException("Expected more than 1 value per channel when training, got input "
                        + "size " + torchSize(input));
            }
        }
        long features = size.length > 1 ? size[1] : 0;
        requireFeatures("running_mean", runningMean, features, training);
        requireFeatures("running_var", runningVar, features, training);
        requireFeatures("weight", weight, features, true);
        requireFeatures("bias", bias, features, true);
        requireFloating(input, "batch_norm_cpu");
        boolean useBatchStats = training || runningMean == null;
        return NeuralNetOps.batchNorm(input, runningMean, runningVar, weight, bias, useBatchStats, momentum, eps);
    }

    private static void requireFeatures(String name, Tensor t, long features, boolean optional) {
        if (t == null && !optional) {
            throw new IllegalArgumentException(name + " must be defined in evaluation mode");
        }
        if (t != null && t.numel() != features) {
            throw new IllegalArgumentException(name + " should contain " + features + " elements not " + t.numel());
        }
    }

    /**
     * {@code F.dropout(input, p, training)}: in training mode zeroes each element with probability p
     * and scales the rest by 1 / (1 - p) (MulBackward0); the draws come from the generator that
     * {@code Tensor.manualSeed} seeds. Out of training, or with p = 0, the input itself is returned.
     */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        if (p < 0.0 || p > 1.0) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        if (!training || p == 0 || input.numel() == 0) {
            return input;
        }
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("result type Float can't be cast to the desired output type "
                    + input.dtype().scalarTypeName());
        }
        if (p == 1) {
            return input.mul(Tensor.scalar(0.0, input.dtype()));
        }
        Tensor noise = Tensor.zeros(input.shape(), input.dtype()).bernoulli_(1 - p).div_(1 - p);
        return input.mul(noise);
    }

    /** {@code F.embedding(input, weight)}: rows of weight picked by the INT64 indices in input. */
    public static Tensor embedding(Tensor input, Tensor weight) {
        return embedding(input, weight, null);
    }

    /**
     * {@code F.embedding(input, weight, padding_idx)}: rows of weight picked by input; the row of
     * paddingIdx (null for none; negative counts from the end) gets no gradient (EmbeddingBackward0).
     */
    public static Tensor embedding(Tensor input, Tensor weight, Long paddingIdx) {
        long padding = -1;
        if (paddingIdx != null) {
            if (paddingIdx >= weight.size(0) || paddingIdx < -weight.size(0)) {
                throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
            }
            padding = paddingIdx < 0 ? weight.size(0) + paddingIdx : paddingIdx;
        }
        if (input.dtype() != DType.INT64) {
            throw new IllegalArgumentException("Expected tensor for argument #1 'indices' to have one of the following "
                    + "scalar types: Long, Int; but got torch." + input.dtype().scalarTypeName()
                    + "Tensor instead (while checking arguments for embedding)");
        }
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("'weight' must be 2-D");
        }
        for (long i : input.toLongArray()) {
            if (i < 0 || i >= weight.size(0)) {
                throw new IndexOutOfBoundsException("index out of range in self");
            }
        }
        return NeuralNetOps.embedding(input, weight, padding);
    }

    /** {@code F.one_hot(tensor)}: as many classes as the largest value plus one. */
    public static Tensor oneHot(Tensor tensor) {
        return oneHot(tensor, -1);
    }

    /** {@code F.one_hot(tensor, num_classes)}: INT64, with a trailing dim of numClasses (-1: inferred). */
    public static Tensor oneHot(Tensor tensor, long numClasses) {
        if (tensor.dtype() != DType.INT64) {
            throw new IllegalArgumentException("one_hot is only applicable to index tensor.");
        }
        if (tensor.numel() == 0 && numClasses == -1) {
            throw new IllegalArgumentException("Can not infer total number of classes from empty tensor.");
        }
        long max = -1;
        for (long v : tensor.toLongArray()) {
            if (v < 0) {
                throw new IllegalArgumentException("Class values must be non-negative.");
            }
            max = Math.max(max, v);
        }
        if (numClasses == -1) {
            numClasses = max + 1;
        } else if (max >= numClasses) {
            throw new IllegalArgumentException("Class values must be smaller than num_classes.");
        }
        return tensor.unsqueeze(-1).eq(Tensor.arange(numClasses)).to(DType.INT64);
    }

    // ---------------------------------------------------------------- convolution

    /** {@code F.conv1d(input, weight)}: stride 1, no padding. */
    public static Tensor conv1d(Tensor input, Tensor weight) {
        return conv1d(input, weight, null, 1, 0, 1, 1);
    }

    /** {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)} with single sizes. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long stride, long padding, long dilation,
                                long groups) {
        return conv1d(input, weight, bias, new long[] {stride}, new long[] {padding}, new long[] {dilation}, groups);
    }

    /**
     * {@code F.conv1d(input, weight, bias, stride, padding, dilation, groups)}: input (N, C, L) or
     * unbatched (C, L), weight (O, C / groups, k), bias (O) or null (ConvolutionBackward0).
     */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                long[] dilation, long groups) {
        return convolution(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d");
    }

    /** {@code F.conv2d(input, weight)}: stride 1, no padding. */
    public static Tensor conv2d(Tensor input, Tensor weight) {
        return conv2d(input, weight, null, 1, 0, 1, 1);
    }

    /** {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)} with the same size for both dims. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long stride, long padding, long dilation,
                                long groups) {
        return conv2d(input, weight, bias, new long[] {stride}, new long[] {padding}, new long[] {dilation}, groups);
    }

    /**
     * {@code F.conv2d(input, weight, bias, stride, padding, dilation, groups)}: input (N, C, H, W) or
     * unbatched (C, H, W), weight (O, C / groups, kh, kw), bias (O) or null; each size has one entry
     * or one per spatial dim (ConvolutionBackward0, computed as im2col + matmul).
     */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                long[] dilation, long groups) {
        return convolution(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d");
    }

    private static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
                                      long[] dilation, long groups, int spatial, String name) {
        if (input.dim() != spatial + 1 && input.dim() != spatial + 2) {
            throw new IllegalArgumentException("Expected " + (spatial + 1) + "D (unbatched) or " + (spatial + 2)
                    + "D (batched) input to " + name + ", but got input of size: " + Shapes.format(input.shape()));
        }
        boolean batched = input.dim() == spatial + 2;
        Tensor x = batched ? input : input.unsqueeze(0);
        if (groups <= 0) {
            throw new IllegalArgumentException("non-positive groups is not supported");
        }
        long[] s = expand(stride, "stride", spatial);
        long[] p = expand(padding, "padding", spatial);
        long[] d = expand(dilation, "dilation", spatial);
        if (Arrays.stream(p).anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("negative padding is not supported");
        }
        if (Arrays.stream(s).anyMatch(v -> v <= 0)) {
            throw new IllegalArgumentException("non-positive stride is not supported");
        }
        if (Arrays.stream(d).anyMatch(v -> v <= 0)) {
            throw new IllegalArgumentException("dilation should be greater than zero, but got " + Shapes.format(d));
        }
        long[] w = weight.shape();
        String weightSize = Shapes.format(w);
        if (w.length != x.dim()) {
            throw new IllegalArgumentException("Expected " + w.length + "-dimensional input for " + w.length
                    + "-dimensional weight " + weightSize + ", but got " + x.dim() + "-dimensional input of size "
                    + Shapes.format(x.shape()) + " instead");
        }
        if (w[0] < groups) {
            throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be at least " + groups
                    + " at dimension 0, but got weight of size " + weightSize + " instead");
        }
        if (w[0] % groups != 0) {
            throw new IllegalArgumentException("Given groups=" + groups + ", expected weight to be divisible by "
                    + groups + " at dimension 0, but got weight of size [" + weightSize + "] instead");
        }
        if (x.size(1) != w[1] * groups) {
            throw new IllegalArgumentException("Given groups=" + groups + ", weight of size " + weightSize
                    + ", expected input" + Shapes.format(x.shape()) + " to have " + w[1] * groups
                    + " channels, but got " + x.size(1) + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != w[0])) {
            throw new IllegalArgumentException("Given weight of size " + weightSize + ", expected bias to be "
                    + "1-dimensional with " + w[0] + " elements, but got bias of size " + Shapes.format(bias.shape())
                    + " instead");
        }
        StringBuilder padded = new StringBuilder();
        StringBuilder kernel = new StringBuilder();
        boolean fits = true;
        for (int i = 0; i < spatial; i++) {
            long in = x.size(2 + i) + 2 * p[i];
            long k = d[i] * (w[2 + i] - 1) + 1;
            fits &= in >= k;
            padded.append(i == 0 ? "" : " x ").append(in);
            kernel.append(i == 0 ? "" : " x ").append(k);
        }
        if (!fits) {
            throw new IllegalArgumentException("Calculated padded input size per channel: (" + padded + "). Kernel size: ("
                    + kernel + "). Kernel size can't be greater than actual input size");
        }
        requireFloating(x, "slow_conv2d_cpu");
        Tensor out = NeuralNetOps.convolution(x, weight, bias, s, p, d, groups);
        return batched ? out : out.squeeze(0);
    }

    /** A size given once for every spatial dim, or once per dim (ATen's expand_param_if_needed). */
    private static long[] expand(long[] values, String name, int spatial) {
        if (values.length == 1) {
            long[] out = new long[spatial];
            Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != spatial) {
            throw new IllegalArgumentException("expected " + name + " to be a single integer value or a list of "
                    + spatial + " values to match the convolution dimensions, but got " + name + "="
                    + Shapes.format(values));
        }
        return values.clone();
    }

    // ---------------------------------------------------------------- pooling

    /** {@code F.max_pool2d(input, kernel_size)}: stride = kernel size. */
    public static Tensor maxPool2d(Tensor input, long kernelSize) {
        return maxPool2d(input, new long[] {kernelSize}, null, new long[] {0}, new long[] {1}, false);
    }

    /** {@code F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)} with the same size for both dims. */
    public static Tensor maxPool2d(Tensor input, long kernelSize, long stride, long padding, long dilation,
                                   boolean ceilMode) {
        return maxPool2d(input, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {dilation}, ceilMode);
    }

    /**
     * {@code F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)}: input (C, H, W)
     * or (N, C, H, W); each size has one or two entries, stride null means the kernel size
     * (MaxPool2DWithIndicesBackward0; the gradient goes to the first maximum of each window).
     */
    public static Tensor maxPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                                   boolean ceilMode) {
        long[] k = pair(kernelSize, "max_pool2d: kernel_size must either be a single int, or a tuple of two ints");
        long[] s = stride == null || stride.length == 0 ? k
                : pair(stride, "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints");
        long[] p = pair(padding, "max_pool2d: padding must be either be a single int, or a tuple of two ints");
        long[] d = pair(dilation, "max_pool2d: dilation must be either a single int, or a tuple of two ints");
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("non-empty 3D or 4D (batch mode) tensor expected for input");
        }
        checkPool(input, k, s, p, d, ceilMode);
        return NeuralNetOps.maxPool2d(input, k, s, p, d, ceilMode);
    }

    /** {@code F.avg_pool2d(input, kernel_size)}: stride = kernel size. */
    public static Tensor avgPool2d(Tensor input, long kernelSize) {
        return avgPool2d(input, new long[] {kernelSize}, null, new long[] {0}, false, true, null);
    }

    /** {@code F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)} with the same size for both dims. */
    public static Tensor avgPool2d(Tensor input, long kernelSize, long stride, long padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return avgPool2d(input, new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, ceilMode,
                countIncludePad, null);
    }

    /**
     * {@code F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
     * divisor_override)}: input (C, H, W) or (N, C, H, W); stride null means the kernel size; the
     * divisor counts padding when countIncludePad, unless divisorOverride (or null) is given
     * (AvgPool2DBackward0).
     */
    public static Tensor avgPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
                                   boolean countIncludePad, Long divisorOverride) {
        long[] k = pair(kernelSize, "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints");
        long[] s = stride == null || stride.length == 0 ? k
                : pair(stride, "avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints");
        long[] p = pair(padding, "avg_pool2d: padding must either be a single int, or a tuple of two ints");
        if (divisorOverride != null && divisorOverride == 0) {
            throw new IllegalArgumentException("divisor must be not zero");
        }
        Shapes.wrapDim(-3, input.dim());
        checkPool(input, k, s, p, new long[] {1, 1}, ceilMode);
        return NeuralNetOps.avgPool2d(input, k, s, p, ceilMode, countIncludePad, divisorOverride);
    }

    /** ATen's pooling_output_shape and pool2d_shape_check, in their order. */
    private static void checkPool(Tensor input, long[] k, long[] s, long[] p, long[] d, boolean ceilMode) {
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            if (s[i] == 0) {
                throw new IllegalArgumentException("stride should not be zero");
            }
            if (p[i] < 0) {
                throw new IllegalArgumentException("pad must be non-negative, but got pad: " + p[i]);
            }
            if (p[i] > k[i] / 2) {
                throw new IllegalArgumentException("pad should be at most half of kernel size, but got pad=" + p[i]
                        + " and kernel_size=" + k[i]);
            }
            out[i] = NeuralNetOps.poolingOutputSize(input.size(input.dim() - 2 + i), k[i], p[i], s[i], d[i], ceilMode);
        }
        if (k[0] <= 0 || k[1] <= 0) {
            throw new IllegalArgumentException("kernel size should be greater than zero, but got kH: " + k[0] + " kW: "
                    + k[1]);
        }
        if (s[0] <= 0 || s[1] <= 0) {
            throw new IllegalArgumentException("stride should be greater than zero, but got dH: " + s[0] + " dW: " + s[1]);
        }
        if (d[0] <= 0 || d[1] <= 0) {
            throw new IllegalArgumentException("dilation should be greater than zero, but got dilationH: " + d[0]
                    + " dilationW: " + d[1]);
        }
        long planes = input.size(-3);
        long height = input.size(-2);
        long width = input.size(-1);
        if (out[0] < 1 || out[1] < 1) {
            throw new IllegalArgumentException("Given input size: (" + planes + "x" + height + "x" + width + "). "
                    + "Calculated output size: (" + planes + "x" + out[0] + "x" + out[1] + "). Output size is too small");
        }
        requireFloating(input, "max_pool2d");
    }

    private static long[] pair(long[] values, String message) {
        if (values.length != 1 && values.length != 2) {
            throw new IllegalArgumentException(message);
        }
        return values.length == 1 ? new long[] {values[0], values[0]} : values.clone();
    }

    /**
     * {@code F.adaptive_avg_pool2d(input, output_size)}: input (C, H, W) or (N, C, H, W) averaged
     * over windows that split H and W as evenly as possible into outputSize (one or two entries).
     * A 1 x 1 output is a mean, as in ATen (MeanBackward1); otherwise AdaptiveAvgPool2DBackward0.
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, long... outputSize) {
        if (outputSize.length != 1 && outputSize.length != 2) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: output_size must be 2");
        }
        long[] size = outputSize.length == 1 ? new long[] {outputSize[0], outputSize[0]} : outputSize.clone();
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got "
                    + Shapes.format(input.shape()));
        }
        for (int i = 1; i < input.dim(); i++) {
            if (input.size(i) == 0) {
                throw new IllegalArgumentException("adaptive_avg_pool2d(): Expected input to have non-zero size for "
                        + "non-batch dimensions, but input has sizes " + Shapes.format(input.shape()) + " with dimension "
                        + i + " being empty");
            }
        }
        if (size[0] == 1 && size[1] == 1) {
            return input.mean(new int[] {-1, -2}, true);
        }
        return NeuralNetOps.adaptiveAvgPool2d(input, size);
    }

    // ---------------------------------------------------------------- padding and interpolation

    /** {@code F.pad(input, pad)}: zeros; (before, after) pairs from the last dim on, negative entries crop. */
    public static Tensor pad(Tensor input, long[] pad) {
        return pad(input, pad, "constant", null);
    }

    /** {@code F.pad(input, pad, mode)} with mode "constant" (zeros), "reflect" or "replicate". */
    public static Tensor pad(Tensor input, long[] pad, String mode) {
        return pad(input, pad, mode, null);
    }

    /**
     * {@code F.pad(input, pad, mode, value)}: "constant" fills with value (null: 0) and pads any
     * number of trailing dims (ConstantPadNdBackward0); "reflect" mirrors without repeating the
     * edge and "replicate" repeats it, over the last dim (pad of 2, for 2-D or 3-D input) or the
     * last two (pad of 4, for 3-D or 4-D input).
     */
    public static Tensor pad(Tensor input, long[] pad, String mode, Double value) {
        if (pad.length % 2 != 0) {
            throw new IllegalArgumentException("Padding length must be divisible by 2");
        }
        if (pad.length / 2 > input.dim()) {
            throw new IllegalArgumentException("Padding length too large");
        }
        switch (mode) {
            case "constant":
                for (int i = 0; i < pad.length / 2; i++) {
                    int d = input.dim() - 1 - i;
                    long size = input.size(d) + pad[2 * i] + pad[2 * i + 1];
                    if (size < 0) {
                        throw new IllegalArgumentException("The input size " + input.size(d) + ", plus negative padding "
                                + pad[2 * i] + " and " + pad[2 * i + 1] + " resulted in a negative output size, which is "
                                + "invalid. Check dimension " + d + " of your input.");
                    }
                }
                return NeuralNetOps.constantPad(input, pad, value == null ? 0.0 : value);
            case "reflect":
            case "replicate":
                break;
            case "circular":
                throw new UnsupportedOperationException("grad4j: F.pad mode \"circular\" is not supported yet");
            default:
                throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        }
        if (value != null && value != 0) {
            throw new IllegalArgumentException("Padding mode \"" + mode + "\" doesn't take in value argument");
        }
        boolean oneD = pad.length == 2 && (input.dim() == 2 || input.dim() == 3);
        boolean twoD = pad.length == 4 && (input.dim() == 3 || input.dim() == 4);
        if (!oneD && !twoD) {
            throw new IllegalArgumentException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        }
        requireFloating(input, mode.equals("reflect") ? "reflection_pad" : "replication_pad");
        if (mode.equals("reflect")) {
            checkReflection(input, pad[0], pad[1], input.dim() - 1, 4, oneD);
            if (twoD) {
                checkReflection(input, pad[2], pad[3], input.dim() - 2, 6, false);
            }
        } else if (input.size(-1) + pad[0] + pad[1] < 1 || (twoD && input.size(-2) + pad[2] + pad[3] < 1)) {
            throw new IllegalArgumentException("input (H: " + input.size(-2) + ", W: " + input.size(-1)
                    + ") is too small. Calculated output H: " + (input.size(-2) + (twoD ? pad[2] + pad[3] : 0))
                    + " W: " + (input.size(-1) + pad[0] + pad[1]));
        }
        return NeuralNetOps.reflectionOrReplicationPad(input, pad, mode.equals("reflect"));
    }

    /** ATen's reflection-pad bound: each side smaller than the padded dim (the message names the whole input for 1-d pads, its rank for 2-d). */
    private static void checkReflection(Tensor input, long before, long after, int dim, int argument,
                                         boolean describeShape) {
        if (before >= input.size(dim) || after >= input.size(dim)) {
            throw new IllegalArgumentException("Argument #" + argument + ": Padding size should be less than the "
                    + "corresponding input dimension, but got: padding (" + before + ", " + after + ") at dimension "
                    + dim + " of input " + (describeShape ? Shapes.format(input.shape()) : String.valueOf(input.dim())));
        }
    }

    /** {@code F.interpolate(input, size)}: nearest. */
    public static Tensor interpolate(Tensor input, long[] size) {
        return interpolate(input, size, null, "nearest", null);
    }

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners)}: exactly one of size and
     * scaleFactor (one entry, or one per spatial dim) is given; mode "nearest" (3-D or 4-D input,
     * UpsampleNearest1D/2DBackward1) or "bilinear" (4-D input, UpsampleBilinear2DBackward1; alignCorners
     * null means false).
     */
    public static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode,
                                     Boolean alignCorners) {
        boolean interpolating = mode.equals("linear") || mode.equals("bilinear") || mode.equals("bicubic")
                || mode.equals("trilinear");
        if (!interpolating && alignCorners != null) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        }
        int spatial = input.dim() - 2;
        String spatialShape = Shapes.format(Arrays.copyOfRange(input.shape(), Math.min(2, input.dim()), input.dim()));
        long[] outputSize;
        double[] scales = null;
        if (size != null && scaleFactor != null) {
            throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        } else if (size != null) {
            if (size.length != 1 && size.length != spatial) {
                throw new IllegalArgumentException("Input and output must have the same number of spatial dimensions, "
                        + "but got input with spatial dimensions of " + spatialShape + " and output size of "
                        + Shapes.format(size) + ". Please "
                        + "provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                        + "format.");
            }
            outputSize = new long[Math.max(spatial, 0)];
            for (int i = 0; i < outputSize.length; i++) {
                outputSize[i] = size.length == 1 ? size[0] : size[i];
            }
        } else if (scaleFactor != null) {
            if (scaleFactor.length != 1 && scaleFactor.length != spatial) {
                throw new IllegalArgumentException("Input and scale_factor must have the same number of spatial "
                        + "dimensions, but got input with spatial dimensions of " + spatialShape + " and scale_factor of "
                        + "shape " + "[" + String.join(", ", Arrays.stream(scaleFactor).mapToObj(F::number).toArray(String[]::new)) + "]"
                        + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in "
                        + "(s1, s2, ...,sK) format.");
            }
            scales = new double[Math.max(spatial, 0)];
            outputSize = new long[scales.length];
            for (int i = 0; i < scales.length; i++) {
                scales[i] = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
                outputSize[i] = (long) Math.floor(input.size(2 + i) * scales[i]);
            }
        } else {
            throw new IllegalArgumentException("either size or scale_factor should be defined");
        }
        boolean nearest = mode.equals("nearest") && (spatial == 1 || spatial == 2);
        boolean bilinear = mode.equals("bilinear") && spatial == 2;
        if (!nearest && !bilinear) {
            if (mode.equals("bilinear") && spatial == 1) {
                throw new IllegalArgumentException("Got 3D input, but bilinear mode needs 4D input");
            }
            if ((spatial >= 1 && spatial <= 3) && (interpolating || mode.equals("nearest") || mode.equals("area")
                    || mode.equals("nearest-exact"))) {
                throw new UnsupportedOperationException("grad4j: interpolate mode \"" + mode + "\" of a "
                        + input.dim() + "D input is not supported yet");
            }
            throw new IllegalArgumentException("Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                    + input.dim() + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
                    + "nearest-exact (got " + mode + ")");
        }
        String[] names = spatial == 1 ? new String[] {"W"} : new String[] {"H", "W"};
        if (Arrays.stream(outputSize).anyMatch(o -> o <= 0)) {
            StringBuilder in = new StringBuilder();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < spatial; i++) {
                in.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(input.size(2 + i));
                out.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(outputSize[i]);
            }
            throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input (" + in
                    + ") output (" + out + ")");
        }
        requireFloating(input, "upsample");
        return nearest ? NeuralNetOps.upsampleNearest(input, outputSize, scales)
                : NeuralNetOps.upsampleBilinear2d(input, outputSize, alignCorners != null && alignCorners, scales);
    }

    // ---------------------------------------------------------------- helpers

    private static Tensor reduce(Tensor loss, String reduction) {
        switch (reduction) {
            case "mean": return loss.mean();
            case "sum": return loss.sum();
            default: return loss;
        }
    }

    private static void requireReduction(String reduction) {
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
            throw new IllegalArgumentException(reduction + " is not a valid value for reduction");
        }
    }

    /** ATen's dispatch failure for integer inputs to floating-only kernels. */
    private static void requireFloating(Tensor x, String kernel) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName()
                    + "'");
        }
    }

    /** {@code torch.broadcast_tensors(a, b)}: unchanged when the shapes already agree. */
    private static Tensor[] broadcastTensors(Tensor a, Tensor b) {
        if (Arrays.equals(a.shape(), b.shape())) {
            return new Tensor[] {a, b};
        }
        long[] shape = broadcastShape(a, b);
        return new Tensor[] {a.expand(shape), b.expand(shape)};
    }

    private static long[] broadcastShape(Tensor a, Tensor b) {
        return Shapes.toLongs(Shapes.broadcast(Shapes.toInts(a.shape()), Shapes.toInts(b.shape())));
    }

    /** A shape of {@code rank} ones with {@code size} at {@code dim}: a per-class vector lined up for broadcasting. */
    private static long[] classShape(int rank, int dim, long size) {
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        shape[dim] = size;
        return shape;
    }

    private static String torchSize(Tensor t) {
        return "torch.Size(" + Shapes.format(t.shape()) + ")";
    }

    /** A double as Python prints it in these messages (1.5, 2.0). */
    private static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) + ".0" : String.valueOf(v);
    }
}
