package org.grad4j.autograd;

import org.grad4j.Tensor;

/**
 * A tensor an op keeps for its backward rule, with the storage version it had when saved. Unpacking
 * fails with PyTorch's messages when the graph was already freed or the tensor was modified in
 * place since (see Note [Version counter sharing] in Storage).
 */
public final class SavedTensor {
    static final String FREED_MESSAGE = "Trying to backward through the graph a second time (or directly access saved "
            + "tensors after they have already been freed). Saved intermediate values of the graph are freed when you "
            + "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph "
            + "a second time or if you need to access saved tensors after calling backward.";

    private Tensor tensor;
    private final int savedVersion;
    private final String producerName;

    public SavedTensor(Tensor tensor) {
        this(tensor, tensor.gradFn() == null ? null : tensor.gradFn().name());
    }

    /** Saves an op's own output, whose producer is the node being created (named {@code producerName}). */
    public SavedTensor(Tensor tensor, String producerName) {
        this.tensor = tensor;
        this.savedVersion = tensor.version();
        this.producerName = producerName;
    }

    public Tensor unpack() {
        check();
        return tensor;
    }

    /** Throws what {@link #unpack()} would throw, without returning anything. */
    public void check() {
        if (tensor == null) {
            throw new IllegalStateException(FREED_MESSAGE);
        }
        if (tensor.version() != savedVersion) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by "
                    + "an inplace operation: [" + legacyTypeName() + " " + java.util.Arrays.toString(tensor.shape()) + "]"
                    + (producerName == null ? "" : ", which is output 0 of " + producerName + ",")
                    + " is at version " + tensor.version() + "; expected version " + savedVersion + " instead. Hint: "
                    + "enable anomaly detection to find the operation that failed to compute its gradient, with "
                    + "torch.autograd.set_detect_anomaly(True).");
        }
    }

    public void release() {
        tensor = null;
    }

    private String legacyTypeName() {
        switch (tensor.dtype()) {
            case FLOAT32: return "torch.FloatTensor";
            case FLOAT64: return "torch.DoubleTensor";
            case INT64: return "torch.LongTensor";
            default: return "torch.BoolTensor";
        }
    }
}
