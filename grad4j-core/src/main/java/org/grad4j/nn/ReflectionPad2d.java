package org.grad4j.nn;

/** {@code nn.ReflectionPad2d(padding)}: pads the last two dims by mirroring them without repeating the edge. */
public class ReflectionPad2d extends PadNd {
    public ReflectionPad2d(long padding) {
        this(everySide(padding, 2));
    }

    /** (left, right, top, bottom). */
    public ReflectionPad2d(long... padding) {
        super(padding, 2, "reflect", 0.0);
    }
}
