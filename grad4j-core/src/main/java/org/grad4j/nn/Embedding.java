package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.autograd.Autograd;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)}: a lookup table whose
 * {@code weight} [num, dim] is drawn from N(0, 1); the row of {@code paddingIdx} starts at zero and
 * gets no gradient ({@link F#embedding}). A negative paddingIdx counts from the end, as in PyTorch.
 */
public class Embedding extends Module {
    private final long numEmbeddings;
    private final long embeddingDim;
    private final Long paddingIdx;

    public Embedding(long numEmbeddings, long embeddingDim) {
        this(numEmbeddings, embeddingDim, null);
    }

    /** paddingIdx null: no padding row. */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = normalizedPadding(paddingIdx, numEmbeddings);
        registerParameter("weight", Parameter.of(Tensor.zeros(numEmbeddings, embeddingDim)));
        resetParameters();
    }

    private Embedding(Tensor weight, boolean freeze, Long paddingIdx) {
        this.numEmbeddings = weight.size(0);
        this.embeddingDim = weight.size(1);
        this.paddingIdx = normalizedPadding(paddingIdx, numEmbeddings);
        registerParameter("weight", Parameter.of(weight, !freeze));
    }

    /**
     * {@code nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None)}: uses the given
     * 2-D tensor's storage as the weight, which requires grad only when not frozen.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Long paddingIdx) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embeddings parameter is expected to be 2-dimensional");
        }
        return new Embedding(embeddings, freeze, paddingIdx);
    }

    private static Long normalizedPadding(Long paddingIdx, long numEmbeddings) {
        if (paddingIdx == null) {
            return null;
        }
        if (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
            throw new IllegalArgumentException("Padding_idx must be within num_embeddings");
        }
        return paddingIdx < 0 ? numEmbeddings + paddingIdx : paddingIdx;
    }

    /** {@code reset_parameters()}: weight from N(0, 1), the padding row zeroed. */
    public void resetParameters() {
        Init.normal_(weight());
        if (paddingIdx != null) {
            try (var off = Autograd.noGrad()) {
                weight().select(0, paddingIdx).fill_(0.0);
            }
        }
    }

    /** {@code embedding.weight}: [num_embeddings, embedding_dim]. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** {@code embedding.padding_idx} (non-negative), or null. */
    public Long paddingIdx() {
        return paddingIdx;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.embedding(input, weight(), paddingIdx);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
    }
}
