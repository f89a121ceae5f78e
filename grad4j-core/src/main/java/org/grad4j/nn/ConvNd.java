package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * PyTorch's {@code _ConvNd}, the shared part of {@link Conv1d} and {@link Conv2d}: the checks on
 * channels and groups, the {@code weight} [out, in / groups, *kernel] and {@code bias} [out]
 * parameters with PyTorch's default initialisation ({@code kaiming_uniform_(a=sqrt(5))} for the
 * weight, which is U(±1/sqrt(fan_in)); the bias uniform in ±1/sqrt(fan_in)), and the repr.
 * Sizes are stored as tuples, one value per spatial dim, as PyTorch does.
 */
public abstract class ConvNd extends Module {
    private final long inChannels;
    private final long outChannels;
    private final long[] kernelSize;
    private final long[] stride;
    private final long[] padding;
    private final long[] dilation;
    private final long groups;

    protected ConvNd(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
                     long[] dilation, long groups, boolean bias) {
        if (groups <= 0) {
            throw new IllegalArgumentException("groups must be a positive integer");
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("in_channels must be divisible by groups");
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("out_channels must be divisible by groups");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize.clone();
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.groups = groups;
        long[] weightShape = new long[2 + kernelSize.length];
        weightShape[0] = outChannels;
        weightShape[1] = inChannels / groups;
        System.arraycopy(kernelSize, 0, weightShape, 2, kernelSize.length);
        registerParameter("weight", Parameter.of(Tensor.zeros(weightShape)));
        registerParameter("bias", bias ? Parameter.of(Tensor.zeros(outChannels)) : null);
        resetParameters();
    }

    /** {@code reset_parameters()}: PyTorch's default initialisation, redrawn. */
    public void resetParameters() {
        Init.kaimingUniform_(weight(), Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias() != null) {
            long fanIn = Init.fanIn(weight());
            if (fanIn != 0) {
                double bound = 1 / Math.sqrt(fanIn);
                Init.uniform_(bias(), -bound, bound);
            }
        }
    }

    /** {@code conv.weight}: [out_channels, in_channels / groups, *kernel_size]. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** {@code conv.bias}: [out_channels], or null when built with bias=false. */
    public Tensor bias() {
        return parameter("bias");
    }

    public long inChannels() {
        return inChannels;
    }

    public long outChannels() {
        return outChannels;
    }

    public long[] kernelSize() {
        return kernelSize.clone();
    }

    public long[] stride() {
        return stride.clone();
    }

    public long[] padding() {
        return padding.clone();
    }

    public long[] dilation() {
        return dilation.clone();
    }

    public long groups() {
        return groups;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(Repr.tuple(kernelSize)).append(", stride=").append(Repr.tuple(stride));
        if (!allEqual(padding, 0)) {
            s.append(", padding=").append(Repr.tuple(padding));
        }
        if (!allEqual(dilation, 1)) {
            s.append(", dilation=").append(Repr.tuple(dilation));
        }
        if (groups != 1) {
            s.append(", groups=").append(groups);
        }
        if (bias() == null) {
            s.append(", bias=False");
        }
        return s.toString();
    }

    private static boolean allEqual(long[] values, long v) {
        for (long x : values) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }
}
