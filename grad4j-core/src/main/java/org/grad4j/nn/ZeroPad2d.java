package org.grad4j.nn;

/** {@code nn.ZeroPad2d(padding)}: pads the last two dims with zeros; its repr shows only the padding tuple. */
public class ZeroPad2d extends ConstantPad2d {
    public ZeroPad2d(long padding) {
        super(padding, 0.0);
    }

    /** (left, right, top, bottom). */
    public ZeroPad2d(long... padding) {
        super(padding, 0.0);
    }

    @Override
    protected String extraRepr() {
        return Repr.tuple(padding());
    }
}
