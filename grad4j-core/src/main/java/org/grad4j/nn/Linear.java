package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Tensor;

/**
 * {@code nn.Linear(in_features, out_features, bias)}: y = x W^T + b, with W of shape [out, in].
 * Initialised as PyTorch does: {@code kaiming_uniform_(W, a=sqrt(5))} and b uniform in
 * ±1/sqrt(in_features) (drawn from grad4j's generator, so the values differ from PyTorch's).
 */
public class Linear extends Module {
    private final long inFeatures;
    private final long outFeatures;

    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(long inFeatures, long outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, DType.FLOAT32);
    }

    /** {@code nn.Linear(in, out, bias, dtype=dtype)}. */
    public Linear(long inFeatures, long outFeatures, boolean bias, DType dtype) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        registerParameter("weight", Parameter.of(Tensor.zeros(new long[] {outFeatures, inFeatures}, dtype)));
        registerParameter("bias", bias ? Parameter.of(Tensor.zeros(new long[] {outFeatures}, dtype)) : null);
        resetParameters();
    }

    /** {@code reset_parameters()}: PyTorch's default initialisation, redrawn. */
    public void resetParameters() {
        Init.kaimingUniform_(weight(), Math.sqrt(5), "fan_in", "leaky_relu");
        if (bias() != null) {
            long fanIn = Init.fanIn(weight());
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias(), -bound, bound);
        }
    }

    /** {@code linear.weight}: [out_features, in_features]. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** {@code linear.bias}: [out_features], or null when built with bias=false. */
    public Tensor bias() {
        return parameter("bias");
    }

    public long inFeatures() {
        return inFeatures;
    }

    public long outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor out = input.matmul(weight().t());
        return bias() == null ? out : out.add(bias());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias() != null ? "True" : "False");
    }
}
