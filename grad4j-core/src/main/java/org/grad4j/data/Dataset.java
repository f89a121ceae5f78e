package org.grad4j.data;

/**
 * {@code torch.utils.data.Dataset}: a map-style dataset, indexed from 0 to {@code size() - 1}.
 * Samples fed to a {@link DataLoader} are {@code List<Tensor>} (e.g. image and label).
 */
public interface Dataset<T> {
    /** {@code dataset[index]}. */
    T get(int index);

    /** {@code len(dataset)}. */
    int size();
}
