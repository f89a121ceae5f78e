package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
 * bias=True)} over (N, C, L) or (C, L) input with zero padding ({@link F#conv1d}). Initialisation
 * and repr: see {@link ConvNd}.
 */
public class Conv1d extends ConvNd {
    public Conv1d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
    }

    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding, long dilation,
                  long groups, boolean bias) {
        super(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {dilation}, groups, bias);
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.conv1d(input, weight(), bias(), stride(), padding(), dilation(), groups());
    }
}
