package org.grad4j.nn;

/** {@code nn.ConstantPad2d(padding, value)}: pads the last two dims with value. */
public class ConstantPad2d extends PadNd {
    public ConstantPad2d(long padding, double value) {
        this(everySide(padding, 2), value);
    }

    /** padding: (left, right, top, bottom). */
    public ConstantPad2d(long[] padding, double value) {
        super(padding, 2, "constant", value);
    }
}
