package org.grad4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.grad4j.autograd.ForwardAD;
import org.grad4j.autograd.GradMode;
import org.grad4j.autograd.SavedTensor;

/**
 * The node recorded by a differentiable op: PyTorch's name, the tensors it saved, and its backward
 * rule written with differentiable Tensor ops (so a createGraph pass records the rule itself and
 * higher derivatives come for free). Non-tensor state (dims, shapes, scalars) is captured by the rule.
 */
final class OpNode extends RecordedNode {
    /** The gradients of an op's inputs given the gradient of its output; null where an input needs none. */
    @FunctionalInterface
    interface BackwardRule {
        Tensor[] apply(OpNode node, Tensor grad, Tensor[] saved);
    }

    private static final SavedTensor[] NOTHING_SAVED = new SavedTensor[0];

    private final String name;
    private final BackwardRule rule;
    private final SavedTensor[] saved;

    private OpNode(String name, BackwardRule rule, SavedTensor[] saved) {
        this.name = name;
        this.rule = rule;
        this.saved = saved;
    }

    /**
     * True when an op on these inputs must be recorded: grad mode is on and some input requires
     * grad, or forward AD is on and some input carries a tangent (then {@link #record} computes
     * the output's tangent).
     */
    static boolean shouldRecord(Tensor a) {
        return (a.requiresGrad() && GradMode.isEnabled()) || (ForwardAD.isActive() && Dual.hasTangent(a));
    }

    static boolean shouldRecord(Tensor a, Tensor b) {
        return ((a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled())
                || (ForwardAD.isActive() && (Dual.hasTangent(a) || Dual.hasTangent(b)));
    }

    static boolean shouldRecord(Tensor[] inputs) {
        return recordsBackward(inputs) || (ForwardAD.isActive() && Dual.anyTangent(inputs));
    }

    /**
     * True when a derivative with respect to {@code t} may be asked for: it requires grad, or it
     * carries a tangent. Ops save what another input's derivative needs only under this condition.
     */
    static boolean differentiable(Tensor t) {
        return t.requiresGrad() || (ForwardAD.isActive() && Dual.hasTangent(t));
    }

    /** True when the backward graph records an op on these inputs (in-place ops: no forward-AD support). */
    static boolean recordsBackward(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    static boolean recordsBackward(Tensor a, Tensor b) {
        return (a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    static boolean recordsBackward(Tensor[] inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes {@code out} the output of a new node named {@code name} over {@code inputs} (null entries
     * stand for Python scalars), saving {@code toSave} (null entries save nothing). Returns {@code out}.
     * Under forward AD the same rule also gives {@code out}'s tangent (see {@link Dual#propagate}).
     */
    static Tensor record(Tensor out, String name, BackwardRule rule, Tensor[] inputs, Tensor... toSave) {
        if (!ForwardAD.isActive()) {
            out.setHistory(create(name, rule, inputs, out, toSave), 0);
            return out;
        }
        if (recordsBackward(inputs)) {
            out.setHistory(create(name, rule, inputs, out, toSave), 0);
        }
        Dual.propagate(out, name, rule, inputs, toSave);
        return out;
    }

    /** A node that is never run: forward AD applies its rule, for the inputs that carry tangents. */
    static OpNode probe(String name, BackwardRule rule, Tensor[] inputs, boolean[] wanted) {
        OpNode node = new OpNode(name, rule, NOTHING_SAVED);
        node.connectProbe(inputs, wanted);
        return node;
    }

    /**
     * A node wired to {@code inputs} that no tensor points at yet (see {@link #record}); {@code output},
     * if not null, is the tensor that will point at it, so that saving it names this node as its producer.
     */
    static OpNode create(String name, BackwardRule rule, Tensor[] inputs, Tensor output, Tensor... toSave) {
        SavedTensor[] saved = NOTHING_SAVED;
        if (toSave.length > 0) {
            saved = new SavedTensor[toSave.length];
            for (int i = 0; i < toSave.length; i++) {
                Tensor t = toSave[i];
                saved[i] = t == null ? null : t == output ? new SavedTensor(t, name) : new SavedTensor(t);
            }
        }
        OpNode node = new OpNode(name, rule, saved);
        node.connect(inputs);
        return node;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor[] values = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            values[i] = saved[i] == null ? null : saved[i].unpack();
        }
        return rule.apply(this, gradOutputs[0], values);
    }

    @Override
    public List<SavedTensor> savedTensors() {
        List<SavedTensor> out = new ArrayList<>(saved.length);
        for (SavedTensor s : saved) {
            if (s != null) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    protected void checkSavedTensors() {
        for (SavedTensor s : saved) {
            if (s != null) {
                s.check();
            }
        }
    }

    @Override
    protected void releaseSaved() {
        for (SavedTensor s : saved) {
            if (s != null) {
                s.release();
            }
        }
    }
}
