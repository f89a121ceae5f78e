package org.grad4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX files MNIST-style datasets ship in (raw or gzip): a big-endian magic
 * {@code 0x0000 08 NN} (unsigned bytes, NN dimensions), NN big-endian int32 sizes, then the bytes.
 * A bad magic number or a short file fails with an error naming the file.
 */
final class Idx {
    /** The sizes and the unsigned-byte elements of one IDX file. */
    record Contents(int[] sizes, byte[] data) {
    }

    private Idx() {
    }

    static Contents read(Path file, int dims) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
            int magic = in.readInt();
            int expected = 0x0800 | dims;
            if (magic != expected) {
                throw new IllegalStateException(file + ": not an IDX file of " + dims + "-d unsigned bytes (magic number 0x"
                        + String.format("%08x", magic) + ", expected 0x" + String.format("%08x", expected) + ")");
            }
            int[] sizes = new int[dims];
            long count = 1;
            for (int d = 0; d < dims; d++) {
                sizes[d] = in.readInt();
                if (sizes[d] < 0) {
                    throw new IllegalStateException(file + ": negative size " + sizes[d] + " in the IDX header");
                }
                count *= sizes[d];
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException(file + ": IDX header declares " + count + " elements, too many to load");
            }
            byte[] data = new byte[(int) count];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new IllegalStateException(file + ": truncated IDX file: the header declares " + count
                        + " data bytes but only " + read + " follow");
            }
            return new Contents(sizes, data);
        } catch (EOFException e) {
            throw new IllegalStateException(file + ": truncated IDX file (the header is incomplete)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    /** Gzip streams start with 0x1f 0x8b; anything else is read as raw IDX. */
    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
