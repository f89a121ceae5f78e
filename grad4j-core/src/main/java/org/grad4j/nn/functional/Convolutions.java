package org.grad4j.nn.functional;

import java.util.Arrays;
import org.grad4j.NeuralNetOps;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * conv1d/conv2d: ATen's checks of batchify and check_shape_forward, in their order, then the
 * ConvolutionBackward0 primitive on a batched input (an unbatched one is unsqueezed and squeezed back,
 * as ATen does).
 */
final class Convolutions {
    private Convolutions() {
    }

    static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long[] stride, long[] padding,
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
        Tensor out = NeuralNetOps.convolution(x, weight, bias, s, p, d, groups);
        return batched ? out : out.squeeze(0);
    }

    /** A size given once for every spatial dim, or once per dim (ATen's expand_param_if_needed). */
    static long[] expand(long[] values, String name, int spatial) {
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
}
