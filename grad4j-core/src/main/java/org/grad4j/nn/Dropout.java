package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Dropout(p=0.5)}: {@link F#dropout} in training mode (zeroes each element with probability
 * p, drawn from grad4j's generator, and scales the kept ones by 1/(1-p)); in eval mode returns the
 * input itself.
 */
public class Dropout extends Module {
    private final double p;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got "
                    + Repr.pyFloat(p));
        }
        this.p = p;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }
}
