package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/** {@code nn.Hardtanh(min_val=-1.0, max_val=1.0)}: {@link F#hardtanh}, a clamp to [min_val, max_val]. */
public class Hardtanh extends Module {
    private final double minVal;
    private final double maxVal;

    public Hardtanh() {
        this(-1.0, 1.0);
    }

    public Hardtanh(double minVal, double maxVal) {
        if (!(maxVal > minVal)) {
            throw new IllegalArgumentException("max_val must be larger than min_val");
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.hardtanh(input, minVal, maxVal);
    }

    @Override
    protected String extraRepr() {
        return "min_val=" + Repr.pyFloat(minVal) + ", max_val=" + Repr.pyFloat(maxVal);
    }
}
