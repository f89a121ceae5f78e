package org.grad4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grad4j.Tensor;

/**
 * {@code torchvision.datasets.FashionMNIST} with {@code transforms.ToTensor()}, as D2L loads it:
 * sample i is (image FLOAT32 [1, 28, 28] scaled to [0, 1], label INT64 0-d). Reads the IDX files
 * ({@code train-images-idx3-ubyte}, ... raw or {@code .gz}) from a directory, by default
 * {@code /usr/share/datasets/fashion-mnist} where the Debian package {@code dataset-fashion-mnist}
 * installs them. Nothing is downloaded.
 */
public final class FashionMNIST implements Dataset<List<Tensor>> {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_ROOT = Path.of("/usr/share/datasets/fashion-mnist");

    /** {@code dataset.classes}: the label names, by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private final byte[] pixels;
    private final long[] labels;
    private final int rows;
    private final int cols;

    /** {@code FashionMNIST(root=DEFAULT_ROOT, train=train)}. */
    public FashionMNIST(boolean train) {
        this(DEFAULT_ROOT, train);
    }

    /** {@code FashionMNIST(root, train)}: the training split (60000) or the test split (10000). */
    public FashionMNIST(Path root, boolean train) {
        String prefix = train ? "train" : "t10k";
        Idx.Contents images = Idx.read(locate(root, prefix + "-images-idx3-ubyte"), 3);
        Idx.Contents targets = Idx.read(locate(root, prefix + "-labels-idx1-ubyte"), 1);
        if (images.sizes()[0] != targets.sizes()[0]) {
            throw new IllegalStateException(root + ": " + images.sizes()[0] + " images but " + targets.sizes()[0]
                    + " labels in the " + prefix + " files");
        }
        this.pixels = images.data();
        this.rows = images.sizes()[1];
        this.cols = images.sizes()[2];
        this.labels = new long[targets.data().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Byte.toUnsignedInt(targets.data()[i]);
        }
    }

    private static Path locate(Path root, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = root.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("Fashion-MNIST file " + root.resolve(name) + "[.gz] not found. Install the "
                + "Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist, files in "
                + DEFAULT_ROOT + ") or pass the directory that holds the IDX files.");
    }

    @Override
    public List<Tensor> get(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for size " + labels.length);
        }
        int n = rows * cols;
        float[] image = new float[n];
        for (int i = 0; i < n; i++) {
            image[i] = Byte.toUnsignedInt(pixels[index * n + i]) / 255.0f;
        }
        return List.of(Tensor.fromBlob(image, 1, rows, cols), Tensor.fromBlob(new long[] {labels[index]}));
    }

    @Override
    public int size() {
        return labels.length;
    }

    /** All images as one FLOAT32 tensor [N, 1, 28, 28] in [0, 1] (built on each call). */
    public Tensor images() {
        float[] all = new float[pixels.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = Byte.toUnsignedInt(pixels[i]) / 255.0f;
        }
        return Tensor.fromBlob(all, labels.length, 1, rows, cols);
    }

    /** {@code dataset.targets}: all labels, INT64 [N]. */
    public Tensor targets() {
        return Tensor.fromBlob(labels.clone(), labels.length);
    }
}
