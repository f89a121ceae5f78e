package org.grad4j.nn;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None)}:
 * {@link F#interpolate} to a fixed output size or by a scale factor (give exactly one; each has one
 * entry for every spatial dim or one per dim).
 *
 * <pre>{@code
 * new Upsample(2.0, "nearest");                                     // Upsample(scale_factor=2.0, mode=nearest)
 * new Upsample(new long[] {4, 5}, null, "bilinear", false);         // Upsample(size=(4, 5), mode=bilinear)
 * }</pre>
 */
public class Upsample extends Module {
    private final long[] size;
    private final double[] scaleFactor;
    private final boolean scalarScale;
    private final String mode;
    private final Boolean alignCorners;

    /** {@code nn.Upsample(scale_factor=s, mode=mode)}. */
    public Upsample(double scaleFactor, String mode) {
        this(null, new double[] {scaleFactor}, true, mode, null);
    }

    /** size or scaleFactor null; alignCorners null: PyTorch's None (false for the interpolating modes). */
    public Upsample(long[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        this(size, scaleFactor, false, mode, alignCorners);
    }

    private Upsample(long[] size, double[] scaleFactor, boolean scalarScale, String mode, Boolean alignCorners) {
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.scalarScale = scalarScale;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.interpolate(input, size, scaleFactor, mode, alignCorners);
    }

    @Override
    protected String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor=" + (scalarScale ? Repr.pyFloat(scaleFactor[0]) : floatTuple(scaleFactor));
        } else {
            info = "size=" + (size == null ? "None" : Repr.tuple(size));
        }
        return info + ", mode=" + mode;
    }

    private static String floatTuple(double[] values) {
        String joined = Arrays.stream(values).mapToObj(Repr::pyFloat).collect(Collectors.joining(", "));
        return values.length == 1 ? "(" + joined + ",)" : "(" + joined + ")";
    }
}
