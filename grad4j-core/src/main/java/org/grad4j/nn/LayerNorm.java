package org.grad4j.nn;

import org.grad4j.Tensor;
import org.grad4j.nn.functional.F;

/**
 * {@code nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True)}: {@link F#layerNorm}
 * over the trailing dims {@code normalizedShape}, with a {@code weight} (ones) and {@code bias}
 * (zeros) of that shape when elementwise affine.
 */
public class LayerNorm extends Module {
    private final long[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        registerParameter("weight", elementwiseAffine ? Parameter.of(Tensor.ones(normalizedShape)) : null);
        registerParameter("bias", elementwiseAffine ? Parameter.of(Tensor.zeros(normalizedShape)) : null);
    }

    /** {@code reset_parameters()}: weight 1, bias 0. */
    public void resetParameters() {
        if (elementwiseAffine) {
            Init.ones_(weight());
            Init.zeros_(bias());
        }
    }

    /** {@code ln.weight}, or null without elementwise affine. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** {@code ln.bias}, or null without elementwise affine. */
    public Tensor bias() {
        return parameter("bias");
    }

    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.layerNorm(input, normalizedShape, weight(), bias(), eps);
    }

    @Override
    protected String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.pyFloat(eps) + ", elementwise_affine="
                + Repr.bool(elementwiseAffine);
    }
}
