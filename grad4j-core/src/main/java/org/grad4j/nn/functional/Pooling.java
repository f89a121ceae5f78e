package org.grad4j.nn.functional;

import static org.grad4j.nn.functional.Arguments.requireFloating;

import org.grad4j.NeuralNetOps;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * max_pool2d, avg_pool2d and adaptive_avg_pool2d: sizes given once or per dim, ATen's
 * pooling_output_shape and pool2d_shape_check in their order, then the pooling primitives.
 */
final class Pooling {
    private Pooling() {
    }

    static Tensor maxPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
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
        requireFloating(input, "max_pool2d");
        return NeuralNetOps.maxPool2d(input, k, s, p, d, ceilMode);
    }

    static Tensor avgPool2d(Tensor input, long[] kernelSize, long[] stride, long[] padding, boolean ceilMode,
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
        if (!input.dtype().isFloatingPoint()) {
            throw new UnsupportedOperationException("grad4j: avg_pool2d of " + input.dtype().scalarTypeName()
                    + " tensors is not supported yet");
        }
        return NeuralNetOps.avgPool2d(input, k, s, p, ceilMode, countIncludePad, divisorOverride);
    }

    /** ATen's pooling_output_shape and pool2d_shape_check, in their order. */
    static void checkPool(Tensor input, long[] k, long[] s, long[] p, long[] d, boolean ceilMode) {
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
    }

    static long[] pair(long[] values, String message) {
        if (values.length != 1 && values.length != 2) {
            throw new IllegalArgumentException(message);
        }
        return values.length == 1 ? new long[] {values[0], values[0]} : values.clone();
    }

    static Tensor adaptiveAvgPool2d(Tensor input, long... outputSize) {
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
        requireFloating(input, "adaptive_avg_pool2d");
        if (size[0] == 1 && size[1] == 1) {
            return input.mean(new int[] {-1, -2}, true);
        }
        return NeuralNetOps.adaptiveAvgPool2d(input, size);
    }
}
