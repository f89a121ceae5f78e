package org.grad4j.nn;

/** {@code nn.ReflectionPad1d(padding)}: pads the last dim by mirroring it without repeating the edge. */
public class ReflectionPad1d extends PadNd {
    public ReflectionPad1d(long padding) {
        this(everySide(padding, 1));
    }

    /** (left, right). */
    public ReflectionPad1d(long... padding) {
        super(padding, 1, "reflect", 0.0);
    }
}
