package org.grad4j.nn;

/** {@code nn.ReplicationPad2d(padding)}: pads the last two dims by repeating their edge values. */
public class ReplicationPad2d extends PadNd {
    public ReplicationPad2d(long padding) {
        this(everySide(padding, 2));
    }

    /** (left, right, top, bottom). */
    public ReplicationPad2d(long... padding) {
        super(padding, 2, "replicate", 0.0);
    }
}
