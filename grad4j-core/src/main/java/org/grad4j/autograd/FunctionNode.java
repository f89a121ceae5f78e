package org.grad4j.autograd;

import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.internal.GradientEdges;

/** The node a custom {@link Function} records: runs the user's backward with the shared ctx. */
final class FunctionNode extends Node {
    private final Function function;
    private final FunctionCtx ctx;
    private final String name;
    private final int numInputs;
    private final long[][] outputShapes;
    private final DType[] outputDTypes;

    FunctionNode(Function function, FunctionCtx ctx, Tensor[] inputs, Tensor[] outputs) {
        super(outputs.length);
        this.function = function;
        this.ctx = ctx;
        this.name = function.nodeName();
        this.numInputs = inputs.length;
        outputShapes = new long[outputs.length][];
        outputDTypes = new DType[outputs.length];
        for (int k = 0; k < outputs.length; k++) {
            outputShapes[k] = outputs[k].shape();
            outputDTypes[k] = outputs[k].dtype();
        }
        Node[] nodes = new Node[inputs.length];
        int[] nrs = new int[inputs.length];
        int[][] shapes = new int[inputs.length][];
        DType[] dtypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                nodes[i] = GradientEdges.gradientNode(t);
                nrs[i] = t.isLeaf() ? 0 : t.outputNr();
                shapes[i] = toInts(t.shape());
                dtypes[i] = t.dtype();
            }
        }
        setEdges(nodes, nrs, shapes, dtypes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        Tensor[] grads = gradOutputs.clone();
        if (ctx.materializeGrads()) {
            for (int k = 0; k < grads.length; k++) {
                if (grads[k] == null) {
                    grads[k] = Tensor.zeros(outputShapes[k], outputDTypes[k]);
                }
            }
        }
        Tensor[] inputGrads = function.backward(ctx, grads);
        int got = inputGrads == null ? 0 : inputGrads.length;
        if (got != numInputs) {
            throw new IllegalStateException("function " + name + " returned an incorrect number of gradients (expected "
                    + numInputs + ", got " + got + ")");
        }
        // A gradient for an input that needs none is dropped, as PyTorch ignores it.
        Tensor[] out = new Tensor[numInputs];
        for (int i = 0; i < numInputs; i++) {
            out[i] = needsInputGrad(i) ? inputGrads[i] : null;
        }
        return out;
    }

    @Override
    public List<SavedTensor> savedTensors() {
        return ctx.savedTensorHandles();
    }

    @Override
    protected void checkSavedTensors() {
        ctx.checkSaved();
    }

    @Override
    protected void releaseSaved() {
        ctx.releaseSaved();
    }

    private static int[] toInts(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = (int) shape[i];
        }
        return out;
    }
}
