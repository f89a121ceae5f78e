package org.grad4j;

/**
 * The two results of {@code max(dim)}, {@code min(dim)}, {@code sort}, {@code topk}, {@code median(dim)},
 * {@code mode}, {@code cummax} and {@code cummin} (PyTorch's {@code torch.return_types.*} named tuples):
 * the values, differentiable, and their INT64 positions along the reduced or sorted dim.
 *
 * <pre>{@code
 * ValuesAndIndices m = Tensor.of(new double[][] {{1, 5}, {7, 2}}).max(1);
 * m.values();    // tensor([5., 7.], grad_fn=...) when the input requires grad
 * m.indices();   // tensor([1, 0])
 * }</pre>
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {
}
