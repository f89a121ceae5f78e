package org.grad4j;

import org.grad4j.autograd.Node;

/** A node that ops in this package record: knows how to wire itself to the tensors it consumed. */
abstract class RecordedNode extends Node {
    RecordedNode() {
    }

    /** A node with several forward outputs (split, unbind). */
    RecordedNode(int numOutputs) {
        super(numOutputs);
    }

    /** Points edge i at the gradient node of {@code inputs[i]}; null inputs (Python scalars) and inputs that need no gradient get null edges. */
    final void connect(Tensor... inputs) {
        Node[] nodes = new Node[inputs.length];
        int[] nrs = new int[inputs.length];
        int[][] shapes = new int[inputs.length][];
        DType[] dtypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t != null && t.requiresGrad()) {
                nodes[i] = t.gradientNode();
                nrs[i] = t.isLeaf() ? 0 : t.outputNr();
                shapes[i] = t.sizes();
                dtypes[i] = t.dtype();
            }
        }
        setEdges(nodes, nrs, shapes, dtypes);
    }

    /** Edges for forward AD's probe (see OpNode#probe): a placeholder edge, never followed, for each wanted input. */
    final void connectProbe(Tensor[] inputs, boolean[] wanted) {
        Node[] nodes = new Node[inputs.length];
        int[][] shapes = new int[inputs.length][];
        DType[] dtypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (wanted[i]) {
                nodes[i] = this;
                shapes[i] = inputs[i].sizes();
                dtypes[i] = inputs[i].dtype();
            }
        }
        setEdges(nodes, new int[inputs.length], shapes, dtypes);
    }

    /** True when forward input {@code i} needs a gradient. */
    final boolean needs(int i) {
        return needsInputGrad(i);
    }
}
