package org.grad4j;

import java.util.List;
import org.grad4j.autograd.SavedTensor;
import org.grad4j.internal.tensor.Storage;

/**
 * The history a base tensor gets when one of its views is modified in place (PyTorch's
 * CopySlices): the gradient of the base passes through unchanged outside the view's region, and
 * through the in-place op's own node inside it.
 */
final class CopySlices extends RecordedNode {
    private final int[] baseShape;
    private final int[] baseStrides;
    private final int baseOffset;
    private final int baseStorageLength;
    private final int[] viewShape;
    private final int[] viewStrides;
    private final int viewOffset;
    private final OpNode fn;

    /**
     * @param fn the in-place op's node, recorded over (view, others...); its first edge is replaced
     *           here by the base's edge
     * @param others the op's inputs after the view (null for Python scalars)
     */
    CopySlices(Tensor base, Tensor view, OpNode fn, Tensor... others) {
        this.baseShape = base.shape;
        this.baseStrides = base.strides;
        this.baseOffset = base.offset;
        this.baseStorageLength = base.storage.length();
        this.viewShape = view.shape;
        this.viewStrides = view.strides;
        this.viewOffset = view.offset;
        this.fn = fn;
        Tensor[] inputs = new Tensor[others.length + 1];
        inputs[0] = base;
        System.arraycopy(others, 0, inputs, 1, others.length);
        connect(inputs);
    }

    @Override
    public String name() {
        return "CopySlices";
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor g = gradOutputs[0];
        Tensor gBase = new Tensor(Storage.allocate(g.dtype(), baseStorageLength), baseShape, baseStrides, baseOffset, null);
        gBase.copy_(g);
        Tensor gView = Views.asStrided(gBase, viewShape, viewStrides, viewOffset);
        Tensor[] fnGrads = fn.apply(new Tensor[] {gView.clone()});
        if (fnGrads[0] != null) {
            gView.copy_(fnGrads[0]);
        } else {
            gView.zero_();
        }
        Tensor[] result = new Tensor[fnGrads.length];
        result[0] = gBase;
        System.arraycopy(fnGrads, 1, result, 1, fnGrads.length - 1);
        return result;
    }

    @Override
    public List<SavedTensor> savedTensors() {
        return fn.savedTensors();
    }

    @Override
    protected void checkSavedTensors() {
        fn.checkSavedTensors();
    }

    @Override
    protected void releaseSaved() {
        fn.releaseSaved();
    }
}
