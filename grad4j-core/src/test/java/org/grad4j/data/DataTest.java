package org.grad4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorDataset, DataLoader batching and shuffling, and FashionMNIST over synthetic and real IDX files. */
class DataTest {
    @TempDir
    Path dir;

    private static TensorDataset numbered(int n) {
        return new TensorDataset(Tensor.arange(0.0, n, 1.0).reshape(n, 1), Tensor.arange(n));
    }

    @Test
    void tensorDatasetRows() {
        TensorDataset ds = numbered(5);
        assertEquals(5, ds.size());
        List<Tensor> s = ds.get(3);
        assertArrayEquals(new long[] {1}, s.get(0).shape());
        assertEquals(3.0, s.get(0).item());
        assertEquals(DType.INT64, s.get(1).dtype());
        assertEquals("Size mismatch between tensors", assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(3), Tensor.zeros(4))).getMessage());
    }

    @Test
    void batchesInOrderWithAndWithoutDropLast() {
        DataLoader loader = new DataLoader(numbered(10), 4);
        assertEquals(3, loader.size());
        List<List<Tensor>> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {4, 1}, batches.get(0).get(0).shape());
        assertArrayEquals(new long[] {4}, batches.get(0).get(1).shape());
        assertArrayEquals(new long[] {8, 9}, batches.get(2).get(1).toLongArrayExact());
        DataLoader dropping = new DataLoader(numbered(10), 4, false, true);
        assertEquals(2, dropping.size());
        int count = 0;
        for (List<Tensor> b : dropping) {
            assertEquals(4, b.get(1).numel());
            count++;
        }
        assertEquals(2, count);
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(3), 0));
    }

    private static long[] epoch(DataLoader loader) {
        List<Long> seen = new ArrayList<>();
        for (List<Tensor> b : loader) {
            for (long v : b.get(1).toLongArrayExact()) {
                seen.add(v);
            }
        }
        return seen.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void shuffleIsAPermutationReproducibleFromTheSeed() {
        DataLoader a = new DataLoader(numbered(50), 7, true, false, new Random(42));
        DataLoader b = new DataLoader(numbered(50), 7, true, false, new Random(42));
        long[] first = epoch(a);
        assertArrayEquals(first, epoch(b));
        long[] sorted = first.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Tensor.arange(50).toLongArrayExact(), sorted);
        assertNotEquals(Arrays.toString(sorted), Arrays.toString(first));
        assertNotEquals(Arrays.toString(first), Arrays.toString(epoch(a)), "each epoch draws a new order");
        // Without a generator, grad4j's global one (Tensor.manualSeed) drives it.
        DataLoader global = new DataLoader(numbered(50), 7, true);
        Tensor.manualSeed(5);
        long[] g1 = epoch(global);
        Tensor.manualSeed(5);
        assertArrayEquals(g1, epoch(global));
    }

    // ---------------------------------------------------------------- IDX files

    private static byte[] idx(int dims, int[] sizes, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims);
        for (int s : sizes) {
            out.writeInt(s);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private void write(String name, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")))
                : Files.newOutputStream(dir.resolve(name))) {
            out.write(content);
        }
    }

    /** Three 2x3 images: pixel j of image i is 51 * ((i + j) % 6); labels 7, 0, 255 (as unsigned). */
    private void writeSplit(String prefix, boolean gzip) throws IOException {
        byte[] pixels = new byte[18];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 6; j++) {
                pixels[i * 6 + j] = (byte) (51 * ((i + j) % 6));
            }
        }
        write(prefix + "-images-idx3-ubyte", idx(3, new int[] {3, 2, 3}, pixels), gzip);
        write(prefix + "-labels-idx1-ubyte", idx(1, new int[] {3}, new byte[] {7, 0, (byte) 255}), gzip);
    }

    @Test
    void readsRawAndGzipIdx() throws IOException {
        writeSplit("train", false);
        writeSplit("t10k", true);
        for (boolean train : new boolean[] {true, false}) {
            FashionMNIST ds = new FashionMNIST(dir, train);
            assertEquals(3, ds.size());
            List<Tensor> s = ds.get(1);
            assertArrayEquals(new long[] {1, 2, 3}, s.get(0).shape());
            assertEquals(DType.FLOAT32, s.get(0).dtype());
            assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0, 0.0}, s.get(0).toDoubleArray(), 1e-7);
            assertEquals(0, s.get(1).dim());
            assertEquals(DType.INT64, s.get(1).dtype());
            assertArrayEquals(new long[] {7, 0, 255}, ds.targets().toLongArrayExact());
            assertArrayEquals(new long[] {3, 1, 2, 3}, ds.images().shape());
            assertEquals(ds.get(2).get(0).sum().item(), ds.images().index(2).sum().item(), 1e-6);
        }
    }

    @Test
    void missingFilesNameThePackageAndPath() throws IOException {
        Path missing = dir.resolve("nowhere");
        var e = assertThrows(IllegalStateException.class, () -> new FashionMNIST(missing, true));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.resolve("train-images-idx3-ubyte").toString()), e.getMessage());
        write("t10k-images-idx3-ubyte", idx(3, new int[] {0, 2, 2}, new byte[0]), false);
        var labels = assertThrows(IllegalStateException.class, () -> new FashionMNIST(dir, false));
        assertTrue(labels.getMessage().contains("t10k-labels-idx1-ubyte"), labels.getMessage());
    }

    @Test
    void corruptFilesNameTheFile() throws IOException {
        writeSplit("train", false);
        Path images = dir.resolve("train-images-idx3-ubyte");
        byte[] good = Files.readAllBytes(images);

        byte[] badMagic = good.clone();
        badMagic[3] = 1;
        Files.write(images, badMagic);
        var magic = assertThrows(IllegalStateException.class, () -> new FashionMNIST(dir, true));
        assertTrue(magic.getMessage().startsWith(images.toString()) && magic.getMessage().contains("magic number 0x00000801"),
                magic.getMessage());

        Files.write(images, Arrays.copyOf(good, good.length - 5));
        var truncated = assertThrows(IllegalStateException.class, () -> new FashionMNIST(dir, true));
        assertTrue(truncated.getMessage().startsWith(images.toString()) && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Files.write(images, Arrays.copyOf(good, 6));
        var header = assertThrows(IllegalStateException.class, () -> new FashionMNIST(dir, true));
        assertTrue(header.getMessage().contains("truncated"), header.getMessage());

        Files.write(images, idx(3, new int[] {2, 1, 1}, new byte[] {1, 2}));
        var counts = assertThrows(IllegalStateException.class, () -> new FashionMNIST(dir, true));
        assertTrue(counts.getMessage().contains("2 images but 3 labels"), counts.getMessage());
    }

    /**
     * The real dataset, when the Debian package is installed. Expected values were read once with
     * numpy from the .gz files: first labels 9 (Ankle boot) in both splits; the first training image's
     * bytes sum to 76247.
     */
    @Test
    void realFashionMnist() {
        assumeTrue(Files.isDirectory(FashionMNIST.DEFAULT_ROOT), "dataset-fashion-mnist is not installed");
        FashionMNIST train = new FashionMNIST(true);
        FashionMNIST test = new FashionMNIST(false);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(9.0, train.get(0).get(1).item());
        assertEquals(9.0, test.get(0).get(1).item());
        assertEquals("Ankle boot", FashionMNIST.CLASSES.get(9));
        assertEquals(76247 / 255.0, train.get(0).get(0).sum().item(), 1e-3);
        List<Tensor> batch = new DataLoader(test, 256).iterator().next();
        assertArrayEquals(new long[] {256, 1, 28, 28}, batch.get(0).shape());
        assertArrayEquals(new long[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7},
                Arrays.copyOf(batch.get(1).toLongArrayExact(), 10));
    }
}
