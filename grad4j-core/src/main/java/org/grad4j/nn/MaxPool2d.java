package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)}: the maximum
 * over each window ({@link F#maxPool2d}). Sizes are one int for both spatial dims or a pair; a null
 * stride is the kernel size. The repr prints each size as it was given.
 */
public class MaxPool2d extends Module {
    private final SizeArg kernelSize;
    private final SizeArg stride;
    private final SizeArg padding;
    private final SizeArg dilation;
    private final boolean ceilMode;

    public MaxPool2d(long kernelSize) {
        this(SizeArg.of(kernelSize), SizeArg.of(kernelSize), SizeArg.of(0), SizeArg.of(1), false);
    }

    public MaxPool2d(long kernelSize, long stride) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride), SizeArg.of(0), SizeArg.of(1), false);
    }

    public MaxPool2d(long kernelSize, long stride, long padding, long dilation, boolean ceilMode) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride), SizeArg.of(padding), SizeArg.of(dilation), ceilMode);
    }

    /** Sizes as (height, width) pairs; stride null: the kernel size. */
    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride == null ? kernelSize : stride), SizeArg.of(padding),
                SizeArg.of(dilation), ceilMode);
    }

    private MaxPool2d(SizeArg kernelSize, SizeArg stride, SizeArg padding, SizeArg dilation, boolean ceilMode) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
        kernelSize.expand(2, "kernel_size");
        stride.expand(2, "stride");
        padding.expand(2, "padding");
        dilation.expand(2, "dilation");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.maxPool2d(input, kernelSize.expand(2, "kernel_size"), stride.expand(2, "stride"),
                padding.expand(2, "padding"), dilation.expand(2, "dilation"), ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + Repr.bool(ceilMode);
    }
}
