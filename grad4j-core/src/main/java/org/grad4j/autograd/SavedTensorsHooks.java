package org.grad4j.autograd;

import java.util.function.Function;
import org.grad4j.Tensor;

/**
 * A {@code torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook)} scope (see
 * {@link Autograd#savedTensorsHooks}): every tensor an op saves for backward while it is open is
 * passed to {@code pack}, and only pack's result is kept; {@code unpack} turns it back into the
 * tensor when backward needs it. The innermost open scope of the thread applies. Hooks run under
 * no-grad and with hooks off, so what they compute is not itself recorded or packed.
 */
public final class SavedTensorsHooks implements AutoCloseable {
    private static final ThreadLocal<SavedTensorsHooks> CURRENT = new ThreadLocal<>();
    /** Scopes open on any thread: while zero, saving a tensor skips the thread-local lookup. */
    private static final java.util.concurrent.atomic.AtomicInteger OPEN_ANYWHERE = new java.util.concurrent.atomic.AtomicInteger();

    private final Function<Tensor, Object> pack;
    private final Function<Object, Tensor> unpack;
    private final SavedTensorsHooks previous;
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    SavedTensorsHooks(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {
        this.pack = pack;
        this.unpack = unpack;
        this.previous = CURRENT.get();
        CURRENT.set(this);
        OPEN_ANYWHERE.incrementAndGet();
    }

    /** The innermost open scope of this thread, or null. */
    static SavedTensorsHooks current() {
        return OPEN_ANYWHERE.get() == 0 ? null : CURRENT.get();
    }

    Object pack(Tensor tensor) {
        int version = tensor.version();
        Object packed = runHook(() -> pack.apply(tensor));
        if (tensor.version() != version) {
            throw new IllegalStateException("A saved tensor pack hook is modifying its input in place. Tensors provided "
                    + "as input to pack hook can not be modified by in-place operations as this can lead to unexpected "
                    + "side-effects. Please open an issue if you need to perform in-place operations on the input to a "
                    + "pack hook.");
        }
        return packed;
    }

    Tensor unpack(Object packed) {
        Tensor tensor = runHook(() -> unpack.apply(packed));
        if (tensor == null) {
            throw new IllegalStateException("Output of saved tensor unpack_hook expected to be a Tensor but got result "
                    + "of type NoneType");
        }
        return tensor;
    }

    private static <T> T runHook(java.util.function.Supplier<T> hook) {
        SavedTensorsHooks open = CURRENT.get();
        CURRENT.set(null);
        try (GradModeScope off = Autograd.noGrad()) {
            return hook.get();
        } finally {
            CURRENT.set(open);
        }
    }

    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a saved-tensor-hooks scope must be closed on the thread that opened it");
        }
        if (!closed) {
            closed = true;
            CURRENT.set(previous);
            OPEN_ANYWHERE.decrementAndGet();
        }
    }
}
