package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
 * bias=True)} over (N, C, H, W) or (C, H, W) input with zero padding ({@link F#conv2d}). Each size is
 * one int for both spatial dims or a pair (height, width). Initialisation and repr: see {@link ConvNd}.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 6, 5, 1, 2);   // Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
 * }</pre>
 */
public class Conv2d extends ConvNd {
    public Conv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true);
    }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation,
                  long groups, boolean bias) {
        this(inChannels, outChannels, new long[] {kernelSize, kernelSize}, new long[] {stride, stride},
                new long[] {padding, padding}, new long[] {dilation, dilation}, groups, bias);
    }

    /** Sizes as (height, width) pairs. */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding, long[] dilation,
                  long groups, boolean bias) {
        super(inChannels, outChannels, SizeArg.of(kernelSize).expand(2, "kernel_size"),
                SizeArg.of(stride).expand(2, "stride"), SizeArg.of(padding).expand(2, "padding"),
                SizeArg.of(dilation).expand(2, "dilation"), groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.conv2d(input, weight(), bias(), stride(), padding(), dilation(), groups());
    }
}
