package org.grad4j.data;

import java.util.ArrayList;
import java.util.List;
import org.grad4j.Tensor;

/** {@code TensorDataset(*tensors)}: sample i is the list of each tensor's row i. */
public final class TensorDataset implements Dataset<List<Tensor>> {
    private final List<Tensor> tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("TensorDataset needs at least one tensor");
        }
        for (Tensor t : tensors) {
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) {
                throw new IllegalArgumentException("Size mismatch between tensors");
            }
        }
        this.tensors = List.of(tensors);
    }

    /** {@code dataset.tensors}. */
    public List<Tensor> tensors() {
        return tensors;
    }

    @Override
    public List<Tensor> get(int index) {
        List<Tensor> sample = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            sample.add(t.index(index));
        }
        return sample;
    }

    @Override
    public int size() {
        return (int) tensors.get(0).size(0);
    }
}
