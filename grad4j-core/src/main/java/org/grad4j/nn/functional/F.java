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
