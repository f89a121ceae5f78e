package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
 * divisor_override=None)}: the mean over each window ({@link F#avgPool2d}). Sizes are one int for both
 * spatial dims or a pair; a null stride is the kernel size. The repr, as PyTorch's, shows only the
 * kernel size, stride and padding, each as it was given.
 */
public class AvgPool2d extends Module {
    private final SizeArg kernelSize;
    private final SizeArg stride;
    private final SizeArg padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final Long divisorOverride;

    public AvgPool2d(long kernelSize) {
        this(SizeArg.of(kernelSize), SizeArg.of(kernelSize), SizeArg.of(0), false, true, null);
    }

    public AvgPool2d(long kernelSize, long stride) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride), SizeArg.of(0), false, true, null);
    }

    /** divisorOverride null: divide by the window size (see countIncludePad). */
    public AvgPool2d(long kernelSize, long stride, long padding, boolean ceilMode, boolean countIncludePad,
                     Long divisorOverride) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride), SizeArg.of(padding), ceilMode, countIncludePad,
                divisorOverride);
    }

    /** Sizes as (height, width) pairs; stride null: the kernel size. */
    public AvgPool2d(long[] kernelSize, long[] stride, long[] padding, boolean ceilMode, boolean countIncludePad,
                     Long divisorOverride) {
        this(SizeArg.of(kernelSize), SizeArg.of(stride == null ? kernelSize : stride), SizeArg.of(padding), ceilMode,
                countIncludePad, divisorOverride);
    }

    private AvgPool2d(SizeArg kernelSize, SizeArg stride, SizeArg padding, boolean ceilMode, boolean countIncludePad,
                      Long divisorOverride) {
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
        kernelSize.expand(2, "kernel_size");
        stride.expand(2, "stride");
        padding.expand(2, "padding");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.avgPool2d(input, kernelSize.expand(2, "kernel_size"), stride.expand(2, "stride"),
                padding.expand(2, "padding"), ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
