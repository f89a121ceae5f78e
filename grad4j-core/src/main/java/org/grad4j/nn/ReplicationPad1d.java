package org.grad4j.nn;

/** {@code nn.ReplicationPad1d(padding)}: pads the last dim by repeating its edge value. */
public class ReplicationPad1d extends PadNd {
    public ReplicationPad1d(long padding) {
        this(everySide(padding, 1));
    }

    /** (left, right). */
    public ReplicationPad1d(long... padding) {
        super(padding, 1, "replicate", 0.0);
    }
}
