package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.AdaptiveAvgPool2d(output_size)}: averages (N, C, H, W) or (C, H, W) input down to the
 * given (height, width), one int for both or a pair ({@link F#adaptiveAvgPool2d}).
 */
public class AdaptiveAvgPool2d extends Module {
    private final SizeArg outputSize;

    public AdaptiveAvgPool2d(long outputSize) {
        this.outputSize = SizeArg.of(outputSize);
    }

    public AdaptiveAvgPool2d(long[] outputSize) {
        this.outputSize = SizeArg.of(outputSize);
        this.outputSize.expand(2, "output_size");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool2d(input, outputSize.expand(2, "output_size"));
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + outputSize;
    }
}
