package org.grad4j.examples.training;

import java.nio.file.Path;
import org.grad4j.data.DataLoader;
import org.grad4j.data.FashionMNIST;

/**
 * D2L's {@code load_data_fashion_mnist(batch_size)}: a shuffled loader over the 60000 training images
 * and an ordered one over the 10000 test images. The directory comes from args[0] of the examples
 * (default {@link FashionMNIST#DEFAULT_ROOT}); the epoch count from {@code -Depochs=N}.
 */
record FashionMnistData(DataLoader trainIter, DataLoader testIter) {
    static FashionMnistData load(Path root, int batchSize) {
        return new FashionMnistData(new DataLoader(new FashionMNIST(root, true), batchSize, true),
                new DataLoader(new FashionMNIST(root, false), batchSize, false));
    }

    /** args[0] if given, else where the Debian package dataset-fashion-mnist installs the files. */
    static Path rootFrom(String[] args) {
        return args.length > 0 ? Path.of(args[0]) : FashionMNIST.DEFAULT_ROOT;
    }

    /** {@code -Depochs=N} if given, else the example's default. */
    static int epochsFrom(int defaultEpochs) {
        String value = System.getProperty("epochs");
        if (value == null) {
            return defaultEpochs;
        }
        try {
            int epochs = Integer.parseInt(value.trim());
            if (epochs > 0) {
                return epochs;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted form
        }
        throw new IllegalArgumentException("-Depochs must be a positive integer, got '" + value + "'");
    }
}
