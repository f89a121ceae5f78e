package org.grad4j.nn;

/** {@code nn.ConstantPad1d(padding, value)}: pads the last dim with value. */
public class ConstantPad1d extends PadNd {
    public ConstantPad1d(long padding, double value) {
        this(everySide(padding, 1), value);
    }

    /** padding: (left, right). */
    public ConstantPad1d(long[] padding, double value) {
        super(padding, 1, "constant", value);
    }
}
