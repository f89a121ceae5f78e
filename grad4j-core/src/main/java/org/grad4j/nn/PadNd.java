package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * The shared body of the padding layers ({@code ConstantPad1d/2d}, {@code ZeroPad2d},
 * {@code ReflectionPad1d/2d}, {@code ReplicationPad1d/2d}): {@link F#pad} with a fixed mode over the
 * last one or two dims. The padding is one int for every side or one value per side in F.pad's
 * order (left, right[, top, bottom]); it is stored expanded, as PyTorch does.
 */
public abstract class PadNd extends Module {
    private final long[] padding;
    private final String mode;
    private final double value;

    protected PadNd(long[] padding, int dims, String mode, double value) {
        if (padding.length != 2 * dims) {
            throw new IllegalArgumentException("padding must be an int or a tuple of " + 2 * dims + " ints, got "
                    + Repr.tuple(padding));
        }
        this.padding = padding.clone();
        this.mode = mode;
        this.value = value;
    }

    /** One int for every side of {@code dims} dims. */
    protected static long[] everySide(long padding, int dims) {
        long[] out = new long[2 * dims];
        java.util.Arrays.fill(out, padding);
        return out;
    }

    /** {@code pad.padding}: (left, right[, top, bottom]). */
    public long[] padding() {
        return padding.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return mode.equals("constant") ? F.pad(input, padding, mode, value) : F.pad(input, padding, mode);
    }

    /** PyTorch's reprs: {@code padding=(1, 1), value=0.0} for constant padding, just the tuple otherwise. */
    @Override
    protected String extraRepr() {
        return mode.equals("constant") ? "padding=" + Repr.tuple(padding) + ", value=" + Repr.pyFloat(value)
                : Repr.tuple(padding);
    }
}
