package org.grad4j.nn;

import org.grad4j.Tensor;

/**
 * Base of the loss modules ({@code nn.MSELoss}, {@code nn.CrossEntropyLoss}, ...). A loss is a
 * {@link Module} (so it has a repr, buffers such as a class weight in its state dict, and follows
 * {@code to(dtype)}), but it is called with two tensors: {@link #forward(Tensor, Tensor)} is
 * {@code loss(input, target)}. The single-input {@link #forward(Tensor)} that every module has
 * fails as PyTorch's call without a target does.
 *
 * <pre>{@code
 * Loss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(model.forward(x), y);
 * }</pre>
 */
public abstract class Loss extends Module {
    private final String reduction;

    /** reduction: "mean", "sum" or "none" (checked when the loss is computed, as in PyTorch). */
    protected Loss(String reduction) {
        this.reduction = reduction;
    }

    /** {@code loss.reduction}. */
    public String reduction() {
        return reduction;
    }

    /** {@code loss(input, target)}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** A loss needs a target: always fails with PyTorch's message. */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(getName() + ".forward() missing 1 required positional argument: 'target'");
    }
}
