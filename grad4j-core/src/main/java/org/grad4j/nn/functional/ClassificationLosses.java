package org.grad4j.nn.functional;

import static org.grad4j.nn.functional.Arguments.classShape;
import static org.grad4j.nn.functional.Arguments.number;
import static org.grad4j.nn.functional.Arguments.requireReduction;

import java.util.Arrays;
import org.grad4j.DType;
import org.grad4j.NeuralNetOps;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * cross_entropy and nll_loss as ATen composes them: the checks of nll_loss_nd in their order,
 * log_softmax followed by nll_loss for class indices, the label-smoothing mix, and the loss against
 * class probabilities (a target of the input's shape).
 */
final class ClassificationLosses {
    private ClassificationLosses() {
    }

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex,
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
        Tensor logProbabilities = F.logSoftmax(input, classDim);
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

    static Tensor crossEntropyWithProbabilities(Tensor input, Tensor target, Tensor weight, String reduction,
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
        Tensor logProbabilities = F.logSoftmax(input, classDim);
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

    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, String reduction, long ignoreIndex) {
        requireReduction(reduction);
        checkNllArguments(input, target, weight);
        return nllLossChecked(input, target, weight, reduction, ignoreIndex);
    }

    static void checkNllArguments(Tensor input, Tensor target, Tensor weight) {
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
    static Tensor nllLossChecked(Tensor input, Tensor target, Tensor weight, String reduction,
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
}
