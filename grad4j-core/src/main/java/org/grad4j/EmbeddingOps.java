package org.grad4j;

/**
 * embedding (EmbeddingBackward0): rows of a weight matrix picked by INT64 indices. The gradient
 * adds each output row back into the weight row it came from, except rows of the padding index,
 * which stay without gradient.
 */
final class EmbeddingOps {
    private EmbeddingOps() {
    }

    /** {@code weight[indices]} with shape {@code indices.shape + [embedding_dim]}; paddingIdx is wrapped or -1 for none. */
    static Tensor embedding(Tensor indices, Tensor weight, long paddingIdx) {
        long rows = weight.size(0);
        long columns = weight.size(1);
        long[] outShape = java.util.Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[indices.dim()] = columns;
        Tensor flat = Composite.untracked(() -> indices.reshape(-1).clone());
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor rowsGrad = g.reshape(-1, columns);
            if (paddingIdx >= 0) {
                rowsGrad = rowsGrad.mul(flat.ne((double) paddingIdx).unsqueeze(1).to(g.dtype()));
            }
            return new Tensor[] {Tensor.zeros(new long[] {rows, columns}, g.dtype()).indexAdd(0, flat, rowsGrad)};
        };
        return Composite.op("EmbeddingBackward0", () -> weight.indexSelect(0, flat).reshape(outShape), rule,
                new Tensor[] {weight});
    }
}
