package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grad4j.Tensor;

/**
 * The {@code ctx} a custom {@link Function}'s forward, backward and jvp share: tensors saved for
 * backward (version-checked and freed like an op's, packed by saved-tensor hooks), which inputs
 * need a gradient, and the output flags {@code mark_dirty}, {@code mark_non_differentiable} and
 * {@code set_materialize_grads}.
 */
public final class FunctionCtx {
    private final boolean[] needsInputGrad;
    private Tensor[] toSave = new Tensor[0];
    private SavedTensor[] saved;
    private final Set<Tensor> dirty = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Tensor> nonDifferentiable = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean materializeGrads = true;

    FunctionCtx(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** {@code ctx.save_for_backward(*tensors)}: keeps them for backward (null entries allowed); call in forward only. */
    public void saveForBackward(Tensor... tensors) {
        if (saved != null) {
            throw new IllegalStateException("save_for_backward can only be called from forward");
        }
        toSave = tensors.clone();
    }

    /**
     * {@code ctx.saved_tensors}: what forward saved, in order; fails with PyTorch's messages when the
     * graph was freed by an earlier backward or a saved tensor was modified in place since.
     */
    public List<Tensor> savedTensors() {
        if (saved == null) {
            throw new IllegalStateException("saved_tensors is only available after forward has returned");
        }
        List<Tensor> out = new ArrayList<>(saved.length);
        for (SavedTensor s : saved) {
            out.add(s == null ? null : s.unpack());
        }
        return out;
    }

    /** {@code ctx.needs_input_grad[i]}: whether input {@code i} needs a gradient from backward. */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** {@code ctx.mark_dirty(*tensors)}: forward modified these inputs in place and returns them as outputs. */
    public void markDirty(Tensor... tensors) {
        Collections.addAll(dirty, tensors);
    }

    /** {@code ctx.mark_non_differentiable(*outputs)}: these outputs never require grad; their gradients are zeros (or null). */
    public void markNonDifferentiable(Tensor... outputs) {
        Collections.addAll(nonDifferentiable, outputs);
    }

    /** {@code ctx.set_materialize_grads(value)}: when false, backward gets null for outputs no gradient reached (default true: zeros). */
    public void setMaterializeGrads(boolean value) {
        materializeGrads = value;
    }

    boolean materializeGrads() {
        return materializeGrads;
    }

    boolean isDirty(Tensor t) {
        return dirty.contains(t);
    }

    Set<Tensor> dirtyTensors() {
        return dirty;
    }

    boolean isNonDifferentiable(Tensor t) {
        return nonDifferentiable.contains(t);
    }

    /**
     * Turns what forward asked to save into saved tensors, once the outputs are final: a saved output
     * is saved as the tensor the caller receives (its alias, see Function#applyAll) and names its node.
     */
    void finishSaving(Map<Tensor, Tensor> outputAliases, String nodeName) {
        saved = new SavedTensor[toSave.length];
        for (int i = 0; i < toSave.length; i++) {
            Tensor t = toSave[i];
            if (t == null) {
                continue;
            }
            Tensor output = outputAliases.get(t);
            saved[i] = output == null ? new SavedTensor(t) : new SavedTensor(output, nodeName);
        }
        toSave = null;
    }

    List<SavedTensor> savedTensorHandles() {
        List<SavedTensor> out = new ArrayList<>();
        for (SavedTensor s : saved) {
            if (s != null) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    void checkSaved() {
        for (SavedTensor s : saved) {
            if (s != null) {
                s.check();
            }
        }
    }

    void releaseSaved() {
        for (SavedTensor s : saved) {
            if (s != null) {
                s.release();
            }
        }
    }
}
