package org.grad4j.nn.functional;

import static org.grad4j.nn.functional.Arguments.broadcastShape;
import static org.grad4j.nn.functional.Arguments.broadcastTensors;
import static org.grad4j.nn.functional.Arguments.reduce;
import static org.grad4j.nn.functional.Arguments.requireFloating;
import static org.grad4j.nn.functional.Arguments.requireReduction;
import static org.grad4j.nn.functional.Arguments.torchSize;

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
        if (!x.dtype().isFloatingPoint()) {
            // ATen clamps integer tensors to the bounds converted to integers (truncated), with no node.
            return x.clamp((long) minVal, (long) maxVal);
        }
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
        requireFloating(x, d == x.dim() - 1 ? "softmax_lastdim_kernel_impl" : "softmax_kernel_impl");
        return NeuralNetOps.softmax(x, d);
    }

    /** {@code F.log_softmax(x, dim)}: {@code x - logsumexp(x, dim)} (LogSoftmaxBackward0). */
    public static Tensor logSoftmax(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireFloating(x, d == x.dim() - 1 ? "log_softmax_lastdim_kernel_impl" : "softmax_kernel_impl");
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
        return ClassificationLosses.crossEntropy(input, target, weight, reduction, ignoreIndex, labelSmoothing);
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
        return ClassificationLosses.nllLoss(input, target, weight, reduction, ignoreIndex);
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
        requireFloating(both[0], "smooth_l1_cpu");
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
        requireFloating(both[0], "huber_cpu");
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
        requireFloating(input, "batch_norm");
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
        return Convolutions.convolution(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d");
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
        return Convolutions.convolution(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d");
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
        return Pooling.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
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
        return Pooling.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * {@code F.adaptive_avg_pool2d(input, output_size)}: input (C, H, W) or (N, C, H, W) averaged
     * over windows that split H and W as evenly as possible into outputSize (one or two entries).
     * A 1 x 1 output is a mean, as in ATen (MeanBackward1); otherwise AdaptiveAvgPool2DBackward0.
     */
    public static Tensor adaptiveAvgPool2d(Tensor input, long... outputSize) {
        return Pooling.adaptiveAvgPool2d(input, outputSize);
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
        return Resampling.pad(input, pad, mode, value);
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
        return Resampling.interpolate(input, size, scaleFactor, mode, alignCorners);
    }

    // ---------------------------------------------------------------- helpers

}
