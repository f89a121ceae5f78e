package org.grad4j.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.grad4j.Tensor;

/**
 * {@code torch.utils.data.DataLoader(dataset, batch_size, shuffle, drop_last, generator)}: iterates
 * over batches; each batch stacks the samples' tensors field by field (PyTorch's default_collate),
 * so a dataset of (image [1, 28, 28], label []) gives batches (images [B, 1, 28, 28], labels [B]).
 * Each iteration is a new epoch; with shuffle, a fresh permutation is drawn from the given
 * generator, or from grad4j's generator ({@code Tensor.manualSeed}) when none is given.
 *
 * <pre>{@code
 * for (List<Tensor> batch : new DataLoader(train, 256, true)) { Tensor x = batch.get(0), y = batch.get(1); ... }
 * }</pre>
 */
public final class DataLoader implements Iterable<List<Tensor>> {
    private final Dataset<List<Tensor>> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Random generator;

    public DataLoader(Dataset<List<Tensor>> dataset, int batchSize) {
        this(dataset, batchSize, false, false, null);
    }

    public DataLoader(Dataset<List<Tensor>> dataset, int batchSize, boolean shuffle) {
        this(dataset, batchSize, shuffle, false, null);
    }

    public DataLoader(Dataset<List<Tensor>> dataset, int batchSize, boolean shuffle, boolean dropLast) {
        this(dataset, batchSize, shuffle, dropLast, null);
    }

    /** {@code generator} (e.g. {@code new Random(seed)}) drives shuffling; null uses grad4j's generator. */
    public DataLoader(Dataset<List<Tensor>> dataset, int batchSize, boolean shuffle, boolean dropLast, Random generator) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size="
                    + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
    }

    /** {@code len(loader)}: the number of batches per epoch. */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public Dataset<List<Tensor>> dataset() {
        return dataset;
    }

    @Override
    public Iterator<List<Tensor>> iterator() {
        int[] order = order();
        int batches = size();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public List<Tensor> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next * batchSize;
                int to = Math.min(from + batchSize, order.length);
                next++;
                return collate(from, to, order);
            }
        };
    }

    private int[] order() {
        int n = dataset.size();
        int[] order = new int[n];
        if (!shuffle) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        } else if (generator == null) {
            long[] perm = Tensor.randperm(n).toLongArrayExact();
            for (int i = 0; i < n; i++) {
                order[i] = (int) perm[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                int j = generator.nextInt(i + 1);
                order[i] = order[j];
                order[j] = i;
            }
        }
        return order;
    }

    /** default_collate: stacks field k of every sample into field k of the batch. */
    private List<Tensor> collate(int from, int to, int[] order) {
        List<List<Tensor>> fields = new ArrayList<>();
        for (int i = from; i < to; i++) {
            List<Tensor> sample = dataset.get(order[i]);
            for (int k = 0; k < sample.size(); k++) {
                if (fields.size() <= k) {
                    fields.add(new ArrayList<>(to - from));
                }
                fields.get(k).add(sample.get(k));
            }
        }
        List<Tensor> batch = new ArrayList<>(fields.size());
        for (List<Tensor> field : fields) {
            batch.add(Tensor.stack(field, 0));
        }
        return batch;
    }
}
