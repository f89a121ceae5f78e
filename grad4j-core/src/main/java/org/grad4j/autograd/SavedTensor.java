package org.grad4j.autograd;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.internal.TensorInternals;
import org.grad4j.internal.tensor.Storage;

/**
 * A tensor an op keeps for its backward rule, with the storage version it had when saved. Unpacking
 * fails with PyTorch's messages when the graph was already freed or the tensor was modified in
 * place since (see Note [Version counter sharing] in Storage).
 *
 * <p>Inside {@link Autograd#savedTensorsHooks} the tensor is handed to the pack hook and only what
 * it returns is kept; the unpack hook turns that back into a tensor at backward time. The version
 * check then follows the storage through a weak reference, so it keeps nothing alive: a storage
 * nobody holds any more cannot have been modified. In anomaly mode a saved tensor also remembers
 * where it was made and saved, for the in-place error (see Note [Anomaly mode]).
 */
public final class SavedTensor {
    static final String FREED_MESSAGE = "Trying to backward through the graph a second time (or directly access saved "
            + "tensors after they have already been freed). Saved intermediate values of the graph are freed when you "
            + "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph "
            + "a second time or if you need to access saved tensors after calling backward.";

    private Tensor tensor;
    private Object packed;
    private SavedTensorsHooks hooks;
    /** With hooks only: the storage whose version is checked, held weakly (see the class comment). */
    private final WeakReference<Storage> packedStorage;
    private boolean released;
    private final int savedVersion;
    private final String producerName;
    private final int[] shape;
    private final DType dtype;
    /** Anomaly mode only: where the tensor was computed and where it was saved (null otherwise). */
    private final Throwable createdAt;
    private final Throwable savedAt;

    public SavedTensor(Tensor tensor) {
        this(tensor, tensor.gradFn() == null ? null : tensor.gradFn().name());
    }

    /** Saves an op's own output, whose producer is the node being created (named {@code producerName}). */
    public SavedTensor(Tensor tensor, String producerName) {
        this.savedVersion = tensor.version();
        this.producerName = producerName;
        this.shape = TensorInternals.access().sizes(tensor);
        this.dtype = tensor.dtype();
        this.savedAt = AnomalyMode.captureForwardTrace();
        Node producer = savedAt == null ? null : tensor.gradFn();
        this.createdAt = producer != null && producer.forwardTrace != null ? producer.forwardTrace : savedAt;
        this.hooks = SavedTensorsHooks.current();
        if (hooks == null) {
            this.tensor = tensor;
            this.packedStorage = null;
        } else {
            this.packedStorage = new WeakReference<>(TensorInternals.access().storage(tensor));
            this.packed = hooks.pack(tensor);
        }
    }

    public Tensor unpack() {
        check();
        return hooks == null ? tensor : hooks.unpack(packed);
    }

    /** Throws what {@link #unpack()} would throw, without returning anything (and without running an unpack hook). */
    public void check() {
        if (released) {
            throw new IllegalStateException(FREED_MESSAGE);
        }
        Storage current = packedStorage != null ? packedStorage.get() : TensorInternals.access().storage(tensor);
        if (current != null && current.version() != savedVersion) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by "
                    + "an inplace operation: [" + legacyTypeName() + " " + Arrays.toString(shape) + "]"
                    + (producerName == null ? "" : ", which is output 0 of " + producerName + ",")
                    + " is at version " + current.version() + "; expected version " + savedVersion + " instead. Hint: "
                    + (AnomalyMode.isEnabled() ? "the backtrace further above shows the operation that failed to compute "
                            + "its gradient. The variable in question was changed in there or anywhere later. Good luck!"
                            + whereItHappened(current)
                        : "enable anomaly detection to find the operation that failed to compute its gradient, with "
                            + "torch.autograd.set_detect_anomaly(True)."));
        }
    }

    public void release() {
        released = true;
        tensor = null;
        packed = null;
        hooks = null;
    }

    /** The saved tensor's shape ({@code x.shape} of the value saved), readable also after release. */
    public long[] shape() {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    public DType dtype() {
        return dtype;
    }

    /** True once backward (without retainGraph) has freed it. */
    public boolean isReleased() {
        return released;
    }

    @Override
    public String toString() {
        return "SavedTensor(shape=" + Arrays.toString(shape()) + ", dtype=" + dtype.torchName()
                + (released ? ", freed" : "") + ")";
    }

    /** Anomaly mode's addition to the in-place error: the user lines that made, saved and overwrote the tensor. */
    private String whereItHappened(Storage current) {
        String notRecorded = "not recorded (anomaly detection was off then)";
        String created = createdAt == null ? notRecorded : UserFrames.firstUserFrame(createdAt);
        String saved = savedAt == null ? notRecorded : UserFrames.firstUserFrame(savedAt);
        Throwable write = current.lastWriteSite();
        String modified = write == null ? notRecorded : UserFrames.firstUserFrame(write);
        return "\nThe saved tensor was created at " + created + " and saved for backward at " + saved + ".\n"
                + "It was modified by the in-place operation at " + modified + "."
                + (write == null ? "" : "\nTraceback of that in-place operation (grad4j frames hidden):"
                        + UserFrames.traceback(write));
    }

    private String legacyTypeName() {
        switch (dtype) {
            case FLOAT32: return "torch.FloatTensor";
            case FLOAT64: return "torch.DoubleTensor";
            case INT64: return "torch.LongTensor";
            default: return "torch.BoolTensor";
        }
    }
}
